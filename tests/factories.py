"""factory-boy factories shared by every app's tests."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from catalog.models import Category, Product, Variant
from customers.models import Channel, Customer, TimelineEvent, WishlistItem
from inventory.models import Location, StaffProfile, StockLevel
from loyalty.models import LoyaltyAccount, PointsEntry
from orders.models import Order, OrderLine


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct-horse-battery")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    description = "A sturdy everyday item."
    category = factory.SubFactory(CategoryFactory)


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Variant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    price = Decimal("19.99")
    options = factory.Sequence(lambda n: {"size": ["S", "M", "L", "XL"][n % 4]})


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    code = factory.Sequence(lambda n: f"ST{n:02d}")
    name = factory.Sequence(lambda n: f"Store {n}")
    kind = Location.Kind.STORE
    city = "Oslo"
    is_pickup_point = True


class WarehouseFactory(LocationFactory):
    code = factory.Sequence(lambda n: f"WH{n:02d}")
    name = factory.Sequence(lambda n: f"Warehouse {n}")
    kind = Location.Kind.WAREHOUSE
    is_pickup_point = False


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    email = factory.Sequence(lambda n: f"customer{n}@example.com")
    first_name = "Kari"
    last_name = factory.Sequence(lambda n: f"Nordmann{n}")
    card_number = factory.Sequence(lambda n: f"7{n:011d}")
    created_channel = Channel.STORE


class StaffFactory(UserFactory):
    """A staff user with a role group and a home store: StaffFactory(role="store manager", location=store)."""

    is_staff = True

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=extracted or "clerk")
            obj.groups.add(group)

    @factory.post_generation
    def location(obj, create, extracted, **kwargs):
        if create:
            StaffProfile.objects.create(user=obj, home_location=extracted or LocationFactory())


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"T-{100000 + n}")
    customer = factory.SubFactory(CustomerFactory)
    channel = Channel.STORE
    fulfilment = Order.Fulfilment.IN_STORE
    status = Order.Status.COMPLETED
    currency = "NOK"
    subtotal = Decimal("0")
    total = Decimal("0")
    placed_at = factory.LazyFunction(timezone.now)


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    variant = factory.SubFactory(VariantFactory)
    sku = factory.LazyAttribute(lambda line: line.variant.sku)
    name = factory.LazyAttribute(lambda line: line.variant.product.name)
    unit_price = factory.LazyAttribute(lambda line: line.variant.price)
    quantity = 1
    line_total = factory.LazyAttribute(lambda line: line.unit_price * line.quantity)


class StockLevelFactory(factory.django.DjangoModelFactory):
    """Stock on a shelf, booked in (and held) through the ledger services, so on_hand always equals its movements."""

    class Meta:
        model = StockLevel

    location = factory.SubFactory(LocationFactory)
    variant = factory.SubFactory(VariantFactory)
    on_hand = 5
    reserved = 0

    @classmethod
    def _create(cls, model_class, *, location, variant, on_hand=5, reserved=0, **fields):
        from inventory.services import StockLine, stock_receive, stock_reserve

        if on_hand:
            stock_receive(location=location, variant=variant, quantity=on_hand, reason="test stock")
        if reserved:
            stock_reserve(
                location=location, lines=[StockLine(variant.pk, reserved)], reference=f"test-hold-{variant.pk}"
            )
        level, _ = model_class.objects.get_or_create(location=location, variant=variant)
        if fields:
            model_class.objects.filter(pk=level.pk).update(**fields)
            level.refresh_from_db()
        return level


class WishlistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WishlistItem

    customer = factory.SubFactory(CustomerFactory)
    variant = factory.SubFactory(VariantFactory)
    source = WishlistItem.Source.WEB


class LoyaltyAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoyaltyAccount
        django_get_or_create = ("customer",)

    customer = factory.SubFactory(CustomerFactory)


class PointsEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PointsEntry

    account = factory.SubFactory(LoyaltyAccountFactory)
    points = 100
    # The ledger's constraint ties the sign to the kind: a negative entry is a redemption unless a test says otherwise.
    kind = factory.LazyAttribute(lambda e: PointsEntry.Kind.EARN if e.points > 0 else PointsEntry.Kind.REDEEM)
    key = factory.Sequence(lambda n: f"test-points-{n}")
    description = "Purchase"


class TimelineEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEvent

    customer = factory.SubFactory(CustomerFactory)
    kind = TimelineEvent.Kind.ORDER_PLACED
    channel = Channel.STORE
    summary = factory.Sequence(lambda n: f"Placed order T-{n}")
    occurred_at = factory.LazyFunction(timezone.now)


def api_token_key(user, *, device: str = "test device") -> str:
    """A fresh per-device API key for `user`, as signing in through /api/v1/auth/token/ would make; the key."""
    from core.api_keys import api_key_create

    return api_key_create(user=user, name=device, rolling=not user.is_staff)[1]
