"""Cache versions after staff edits through the ORM (the staff console): stores and opening hours are part of
the shop's structure, and a store's flags, buffers and state change what the shop can promise. Stock movements
bump the stock version themselves (inventory.services), only when a shopper-visible flag changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.versions import STOCK, STRUCTURE, version_bump_on_commit
from inventory.models import Location, OpeningHours, StockLevel


@receiver([post_save, post_delete], sender=Location, dispatch_uid="inventory_location_bump")
@receiver([post_save, post_delete], sender=OpeningHours, dispatch_uid="inventory_hours_bump")
def store_changed(**kwargs):
    version_bump_on_commit(STRUCTURE, STOCK)


@receiver([post_save, post_delete], sender=StockLevel, dispatch_uid="inventory_stock_level_bump")
def stock_level_changed(**kwargs):
    version_bump_on_commit(STOCK)
