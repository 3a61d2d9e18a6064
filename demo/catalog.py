"""Demo catalog for `manage.py seed_demo`: ~200 products and ~600 variants, the same on every machine.

Rows are keyed by their natural keys (category and product slugs, SKUs), so seeding again adds only what is missing.
"""

import itertools
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Model
from django.utils.text import slugify

from catalog.models import Category, Product, Variant
from catalog.services import products_listing_refresh

BATCH_SIZE = 1000
GTIN_PREFIX = "7090042"  # a GS1 Norway-style company prefix; 5 digits of item reference and a check digit follow

# slug, name, parent slug, position
CATEGORIES = [
    ("clothing", "Clothing", None, 1),
    ("tops", "Tops & T-shirts", "clothing", 1),
    ("knitwear", "Knitwear", "clothing", 2),
    ("outerwear", "Jackets & Coats", "clothing", 3),
    ("trousers", "Trousers", "clothing", 4),
    ("home", "Home", None, 2),
    ("kitchen", "Kitchen", "home", 1),
    ("textiles", "Home Textiles", "home", 2),
    ("accessories", "Accessories", None, 3),
    ("bags", "Bags", "accessories", 1),
    ("hats-scarves", "Hats & Scarves", "accessories", 2),
]

COLOURS = [
    ("Navy", "NVY"),
    ("Black", "BLK"),
    ("Grey", "GRY"),
    ("Forest", "FOR"),
    ("Sand", "SND"),
    ("Rust", "RST"),
    ("White", "WHT"),
    ("Red", "RED"),
    ("Ochre", "OCH"),
    ("Blue", "BLU"),
]
LINES = ["Fjord", "Lofoten", "Nordkapp", "Hardanger", "Senja", "Geiranger", "Varanger", "Rondane", "Runde", "Femund"]
APPAREL_SIZES = ["S", "M", "L", "XL"]
TROUSER_SIZES = ["30", "32", "34", "36"]
BED_SIZES = [("Single", "SGL"), ("Double", "DBL")]


@dataclass(frozen=True)
class Range:
    """How one leaf category's products are named, priced and split into variants."""

    slug: str
    code: str
    count: int
    materials: list[str]
    nouns: list[str]
    prices: list[int]
    sizes: list[str] = field(default_factory=list)
    bed_sizes: bool = False
    colours: tuple[int, int] = (1, 1)
    care: str = "Machine wash at 40 °C."


RANGES = [
    Range(
        "tops",
        "TOP",
        30,
        ["Cotton", "Organic cotton", "Linen", "Merino"],
        ["T-shirt", "Long-sleeve Top", "Polo Shirt", "Henley", "Oxford Shirt"],
        [199, 249, 299, 349, 399],
        sizes=APPAREL_SIZES,
    ),
    Range(
        "knitwear",
        "KNT",
        24,
        ["Merino", "Lambswool", "Alpaca", "Cotton"],
        ["Sweater", "Cardigan", "Zip Sweater", "Turtleneck"],
        [599, 799, 899, 1099, 1299],
        sizes=APPAREL_SIZES,
        care="Hand wash cold, dry flat.",
    ),
    Range(
        "outerwear",
        "OUT",
        18,
        ["Waxed cotton", "Wool", "Recycled nylon", "Down"],
        ["Parka", "Rain Jacket", "Field Jacket", "Coat"],
        [1499, 1999, 2499, 2999, 3499],
        sizes=APPAREL_SIZES,
        care="Wipe clean; reproof once a season.",
    ),
    Range(
        "trousers",
        "TRS",
        24,
        ["Canvas", "Wool", "Corduroy", "Stretch cotton"],
        ["Chinos", "Hiking Trousers", "Work Trousers", "Joggers"],
        [499, 599, 699, 899],
        sizes=TROUSER_SIZES,
        colours=(1, 2),
    ),
    Range(
        "kitchen",
        "KIT",
        30,
        ["Stoneware", "Enamel", "Oak", "Cast iron", "Glass"],
        ["Mug", "Bowl", "Serving Board", "Teapot", "Casserole", "Carafe"],
        [99, 149, 199, 249, 349, 499, 799],
        colours=(1, 2),
        care="Dishwasher safe unless made of wood.",
    ),
    Range(
        "textiles",
        "TEX",
        24,
        ["Linen", "Wool", "Cotton", "Waffle cotton"],
        ["Throw", "Duvet Cover", "Cushion Cover", "Bath Towel", "Tablecloth"],
        [199, 299, 399, 549, 799],
        bed_sizes=True,
    ),
    Range(
        "bags",
        "BAG",
        25,
        ["Canvas", "Leather", "Waxed cotton", "Recycled nylon"],
        ["Tote", "Backpack", "Weekend Bag", "Crossbody Bag", "Laptop Sleeve"],
        [299, 499, 799, 1299],
        colours=(1, 3),
        care="Brush off dirt; condition leather twice a year.",
    ),
    Range(
        "hats-scarves",
        "HAT",
        25,
        ["Merino", "Lambswool", "Alpaca", "Cashmere"],
        ["Beanie", "Scarf", "Mittens", "Headband", "Snood"],
        [149, 199, 249, 299, 399],
        colours=(2, 3),
        care="Hand wash cold.",
    ),
]
ACCESSORY_SLUGS = {"bags", "hats-scarves"}

FEATURES = [
    "Cut for everyday wear and made to last",
    "Designed in Bergen and made in small batches",
    "Soft to the touch and easy to care for",
    "A quiet classic that goes with everything",
    "Tested on the coast in wind and rain",
    "Made from responsibly sourced materials",
]


@dataclass
class Seeded:
    """Counts of what this run created, and every demo SKU (created now or before) in plan order."""

    categories: int = 0
    products: int = 0
    variants: int = 0
    skus: list[str] = field(default_factory=list)


def _article(word: str) -> str:
    """ "An organic …", "A wool …": the article a shopper expects before the material."""
    return "An" if word[:1].lower() in "aeiou" else "A"


def gtin_with_check_digit(body: str) -> str:
    """EAN-13: twelve digits and the GS1 check digit, so scanners accept the demo barcodes."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _price(rng: random.Random, points: list[int]) -> Decimal:
    whole = Decimal(rng.choice(points))
    # Some prices end in .90, like on real shelf labels.
    return whole - Decimal("0.10") if rng.random() < 0.3 else whole.quantize(Decimal("0.01"))


def catalog_plan(
    *, rng: random.Random
) -> tuple[list[tuple[str, Product]], list[tuple[str, Variant]], dict[str, list[str]]]:
    """The demo catalog in memory, drawn in a fixed order so every machine gets the same products, SKUs and prices."""
    products: list[tuple[str, Product]] = []
    variants: list[tuple[str, Variant]] = []
    gtin_seq = itertools.count(1)
    by_range: dict[str, list[str]] = {}
    for spec in RANGES:
        names = rng.sample(list(itertools.product(LINES, spec.materials, spec.nouns)), spec.count)
        by_range[spec.slug] = []
        for number, (line, material, noun) in enumerate(names, start=1):
            name = f"{line} {material} {noun}"
            slug = slugify(name)
            by_range[spec.slug].append(slug)
            description = f"{_article(material)} {material.lower()} {noun.lower()} from our {line} line. {rng.choice(FEATURES)}. {spec.care}"
            products.append((spec.slug, Product(name=name, slug=slug, description=description)))
            price = _price(rng, spec.prices)
            colours = rng.sample(COLOURS, rng.randint(*spec.colours))
            if spec.sizes:
                sizes = [(size, size) for size in spec.sizes]
                size_key = "size"
            elif spec.bed_sizes and noun in {"Duvet Cover"}:
                sizes, size_key = BED_SIZES, "size"
            else:
                sizes, size_key = [(None, None)], None
            position = 0
            for colour, colour_code in colours:
                for size, size_code in sizes:
                    options = {"colour": colour}
                    sku = f"{spec.code}{number:03d}-{colour_code}"
                    if size_key:
                        options = {"size": size, "colour": colour}
                        sku = f"{sku}-{size_code}"
                    gtin = gtin_with_check_digit(f"{GTIN_PREFIX}{next(gtin_seq):05d}")
                    variants.append(
                        (slug, Variant(sku=sku, gtin=gtin, options=options, price=price, position=position))
                    )
                    position += 1
    related: dict[str, list[str]] = {}
    accessories = [slug for key in sorted(ACCESSORY_SLUGS) for slug in by_range[key]]
    for spec in RANGES:
        for slug in by_range[spec.slug]:
            if spec.slug in ACCESSORY_SLUGS:
                related[slug] = rng.sample([s for s in by_range[spec.slug] if s != slug], 1)
            elif spec.slug in {"kitchen", "textiles"}:
                related[slug] = rng.sample([s for s in by_range[spec.slug] if s != slug], 2)
            else:
                related[slug] = rng.sample(accessories, 2)
    return products, variants, related


@transaction.atomic
def catalog_seed(*, rng: random.Random) -> Seeded:
    """Create the demo categories, products, variants and accessories that do not exist yet."""
    seeded = Seeded()
    categories = {c.slug: c for c in Category.objects.filter(slug__in=[row[0] for row in CATEGORIES])}
    for slug, name, parent, position in CATEGORIES:
        if slug not in categories:
            categories[slug] = Category.objects.create(
                slug=slug,
                name=name,
                parent=categories[parent] if parent else None,
                position=position,
                description=f"{name} from the Omnistore range.",
            )
            seeded.categories += 1

    products, variants, related = catalog_plan(rng=rng)
    seeded.skus = [variant.sku for _, variant in variants]
    new_products = _missing(Product, products, key="slug")
    for category_slug, product in new_products:
        product.category = categories[category_slug]
    Product.objects.bulk_create([product for _, product in new_products], batch_size=BATCH_SIZE)
    seeded.products = len(new_products)
    product_ids = dict(Product.objects.filter(slug__in=[p.slug for _, p in products]).values_list("slug", "pk"))

    new_variants = _missing(Variant, variants, key="sku")
    # A GTIN taken by a product someone added by hand must not stop the demo: leave that variant without one.
    taken = set(Variant.objects.filter(gtin__in=[v.gtin for _, v in new_variants]).values_list("gtin", flat=True))
    for slug, variant in new_variants:
        variant.product_id = product_ids[slug]
        if variant.gtin in taken:
            variant.gtin = None
    Variant.objects.bulk_create([variant for _, variant in new_variants], batch_size=BATCH_SIZE)
    seeded.variants = len(new_variants)
    products_listing_refresh(product_ids={v.product_id for _, v in new_variants})

    through = Product.related.through
    through.objects.bulk_create(
        [
            through(from_product_id=product_ids[slug], to_product_id=product_ids[other])
            for slug, others in related.items()
            for other in others
        ],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    return seeded


def _missing(model: type[Model], rows: list[tuple[str, Model]], *, key: str) -> list[tuple[str, Model]]:
    """The (parent, row) pairs of the plan whose natural key (`key`: slug, SKU) is not in the table yet."""
    existing = set(
        model.objects.filter(**{f"{key}__in": [getattr(row, key) for _, row in rows]}).values_list(key, flat=True)
    )
    return [(parent, row) for parent, row in rows if getattr(row, key) not in existing]
