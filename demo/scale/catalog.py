"""The scale catalog: products named from short lists in a few categories, four variants each, in bulk."""

from decimal import Decimal

from django.db import connection, transaction
from django.utils.text import slugify

from catalog.models import Category
from demo.scale.base import PRODUCT_SLUG_PREFIX, SKU_PREFIX, VARIANTS_PER_PRODUCT, copy_insert, scalar

CATEGORIES = {
    "Outdoor": ["Jacket", "Rain Shell", "Trekking Pole", "Backpack", "Tent", "Sleeping Bag"],
    "Knitwear": ["Sweater", "Cardigan", "Beanie", "Scarf", "Mittens", "Socks"],
    "Footwear": ["Hiking Boot", "Sneaker", "Rubber Boot", "Slipper", "Sandal", "Winter Boot"],
    "Kitchen": ["Coffee Press", "Frying Pan", "Knife", "Cutting Board", "Kettle", "Mug"],
    "Home": ["Wool Blanket", "Cushion", "Candle Holder", "Lamp", "Rug", "Throw"],
    "Tools": ["Axe", "Saw", "Headlamp", "Multitool", "Work Glove", "Toolbox"],
}
ADJECTIVES = [
    "Fjord", "Nordlys", "Vinter", "Fjell", "Skog", "Havbris", "Midnatt", "Polar", "Granitt", "Bjørk",
    "Lofoten", "Tinde", "Elv", "Stille", "Varde", "Nordkapp", "Sommer", "Klar", "Rype", "Ulv",
]  # fmt: skip
SIZES = ["S", "M", "L", "XL"]
COLOURS = ["Black", "Navy", "Forest", "Sand", "Red", "Grey"]


def _product_rows(start: int, stop: int, categories: list[Category]):
    names = list(CATEGORIES.items())
    for n in range(start, stop):
        category_name, nouns = names[n % len(names)]
        noun = nouns[(n // len(names)) % len(nouns)]
        adjective = ADJECTIVES[(n * 7 + n // 97) % len(ADJECTIVES)]
        name = f"{adjective} {noun} {n + 1:05d}"
        description = (
            f"The {adjective} {noun.lower()} from our {category_name.lower()} range: "
            f"made to last, tested in Norwegian weather, model {n + 1}."
        )
        yield (name, f"{PRODUCT_SLUG_PREFIX}{n + 1:06d}-{slugify(name)}", description, categories[n % len(names)].pk)


def catalog_seed(*, targets: dict[str, int], bar) -> None:
    n_products, n_variants = targets["products"], targets["variants"]
    with transaction.atomic():
        categories = []
        for position, name in enumerate(CATEGORIES):
            category, _ = Category.objects.get_or_create(
                slug=f"scale-{slugify(name)}", defaults={"name": f"{name} (large range)", "position": 100 + position}
            )
            categories.append(category)
        have = scalar("SELECT count(*) FROM catalog_product WHERE slug LIKE %s", [PRODUCT_SLUG_PREFIX + "%"])
        with bar("products", max(n_products - have, 0)) as progress:
            if n_products > have:
                rows = [(*row, True) for row in _product_rows(have, n_products, categories)]
                copy_insert(
                    "catalog_product",
                    ["name", "slug", "description", "category_id", "is_active"],
                    rows,
                    extra={"created_at": "now()", "updated_at": "now()"},
                    conflict="ON CONFLICT (slug) DO NOTHING",
                )
                progress.update(len(rows))

    with transaction.atomic():
        have = scalar("SELECT count(*) FROM catalog_variant WHERE sku LIKE %s", [SKU_PREFIX + "%"])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT substring(slug from 3 for 6)::int, id FROM catalog_product WHERE slug LIKE %s",
                [PRODUCT_SLUG_PREFIX + "%"],
            )
            product_ids = dict(cursor.fetchall())
        with bar("variants", max(n_variants - have, 0)) as progress:
            if n_variants > have:
                rows = []
                for i in range(have, n_variants):
                    product_no, position = i // VARIANTS_PER_PRODUCT + 1, i % VARIANTS_PER_PRODUCT
                    options = f'{{"size": "{SIZES[position]}", "colour": "{COLOURS[product_no % len(COLOURS)]}"}}'
                    price = Decimal(99 + (product_no * 37) % 40 * 50) + Decimal("0.90") + position * 20
                    rows.append((product_ids[product_no], f"{SKU_PREFIX}{i + 1:07d}", options, price, True, position))
                progress.update(len(rows))
                copy_insert(
                    "catalog_variant",
                    ["product_id", "sku", "options", "price", "is_active", "position"],
                    rows,
                    conflict="ON CONFLICT (sku) DO NOTHING",
                )
