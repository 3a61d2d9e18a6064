"""The staff console for stock: locations, stock levels with receive/adjust/count, the ledger, staff members' stores.

Each module registers its admins on import; the variant admin comes after the catalog's (INSTALLED_APPS order).
"""

from inventory.admin import ledger, locations, staff, stock, variants
from inventory.admin.filters import ALL_LOCATIONS, BelowReorderPointFilter, HomeStoreFilter, OutOfStockFilter

__all__ = [
    "ALL_LOCATIONS",
    "BelowReorderPointFilter",
    "HomeStoreFilter",
    "OutOfStockFilter",
    "ledger",
    "locations",
    "staff",
    "stock",
    "variants",
]
