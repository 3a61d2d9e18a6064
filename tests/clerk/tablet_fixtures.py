"""A small shop for the clerk's tablet: Oslo (the clerk's), Bergen and the warehouse, open every day, a few products."""

import datetime as dt
from decimal import Decimal

from inventory.models import OpeningHours
from inventory.services import stock_receive
from tests.factories import LocationFactory, ProductFactory, StaffFactory, VariantFactory, WarehouseFactory


def open_every_day(*locations) -> None:
    OpeningHours.objects.bulk_create(
        OpeningHours(location=location, weekday=day, opens=dt.time(0, 0), closes=dt.time(23, 59))
        for location in locations
        for day in range(7)
    )


def tablet_shop() -> dict:
    oslo = LocationFactory(code="OSL1", name="Oslo Sentrum", pickup_lead_minutes=0)
    bergen = LocationFactory(code="BGO1", name="Bergen Torget", pickup_lead_minutes=0)
    warehouse = WarehouseFactory(code="WH1", name="Central Warehouse")
    open_every_day(oslo, bergen)
    jacket = ProductFactory(name="Rain jacket", slug="rain-jacket")
    blue = VariantFactory(
        product=jacket, sku="JKT-BLU-M", gtin="7040000000017", price=Decimal("499.00"), options={"colour": "Blue"}
    )
    red = VariantFactory(product=jacket, sku="JKT-RED-M", price=Decimal("549.00"), options={"colour": "Red"})
    scarf = VariantFactory(product__name="Wool scarf", product__slug="wool-scarf", sku="SCARF-1", price=Decimal("200"))
    stock_receive(location=oslo, variant=blue, quantity=3)
    stock_receive(location=bergen, variant=blue, quantity=2)
    stock_receive(location=bergen, variant=red, quantity=4)
    stock_receive(location=warehouse, variant=red, quantity=10)
    stock_receive(location=oslo, variant=scarf, quantity=1)
    clerk = StaffFactory(username="clara", role="clerk", location=oslo)
    return {
        "oslo": oslo,
        "bergen": bergen,
        "warehouse": warehouse,
        "blue": blue,
        "red": red,
        "scarf": scarf,
        "clerk": clerk,
    }
