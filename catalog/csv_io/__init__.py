"""The catalog CSV format, read and written by the same code so that export → import changes nothing.

One row per variant (SKU). The first row is the header; columns may come in any order.

    sku             required  the variant's stock-keeping unit; rows are matched to variants by it
    product_slug    required  the product the variant belongs to, created when new
    product_name    required  the product's name
    category_slug   required  an existing category
    price           required  e.g. 149.00 — a dot for decimals, not negative, at most 2 decimals
    description     optional  the product's description
    gtin            optional  GTIN-8/12/13/14 barcode with a valid check digit, not used by another SKU
    options         optional  e.g. size=M;colour=Blue
    product_active  optional  true/false (also yes/no, 1/0); blank means true
    variant_active  optional  true/false; blank means true
    related         optional  "goes with" product slugs separated by |, each existing or in the file
    image_url       optional  address of the product's main image; blank leaves the images alone
    image_alt       optional  what the image shows (required with image_url)

The product columns (product_name, category_slug, description, product_active, related,
image_url, image_alt) must be the same on every row of one product. A column left out of the
header altogether leaves that value unchanged on existing products and variants; a related
list replaces the product's "goes with" set; an image_url replaces the product's main image.
"""

from catalog.csv_io.export import catalog_export
from catalog.csv_io.format import (
    COLUMNS,
    REQUIRED_COLUMNS,
    CellError,
    gtin_check_digit,
    gtin_is_valid,
    parse_gtin,
    parse_options,
)
from catalog.csv_io.plan import ImportPlan, plan_import
from catalog.csv_io.validate import ImportReport, Progress, RowError

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "CellError",
    "ImportPlan",
    "ImportReport",
    "Progress",
    "RowError",
    "catalog_export",
    "gtin_check_digit",
    "gtin_is_valid",
    "parse_gtin",
    "parse_options",
    "plan_import",
]
