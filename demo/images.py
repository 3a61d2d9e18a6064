"""Demo product pictures for `manage.py seed_demo`: a simple silhouette per kind of product in the product's colour,
drawn with Pillow and saved through Django's storage API (so object storage works too). Same pixels on every run,
no network; a product that has a picture keeps it."""

import io
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageDraw

from catalog.models import Product, ProductImage

WIDTHS = (400, 800)  # the file shoppers get on a wide screen is the last one
DRAW_SIZE = 800
FOLDER = "products/demo"

COLOUR_RGB = {
    "Navy": (31, 45, 84),
    "Black": (33, 33, 36),
    "Grey": (130, 136, 140),
    "Forest": (38, 84, 58),
    "Sand": (204, 186, 150),
    "Rust": (166, 74, 42),
    "White": (240, 240, 236),
    "Red": (184, 36, 42),
    "Ochre": (204, 146, 38),
    "Blue": (46, 104, 176),
}
BACKGROUND = (238, 242, 241)
OUTLINE = (60, 70, 70)


def _shade(rgb: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, int(c * factor))) for c in rgb)


def _top(draw: ImageDraw.ImageDraw, fill, long_sleeves: bool = False, collar: bool = False) -> None:
    if long_sleeves:
        sleeve = [(250, 170), (110, 560), (175, 580), (250, 330)]
    else:
        sleeve = [(250, 170), (120, 300), (175, 360), (250, 300)]
    for side in (sleeve, [(DRAW_SIZE - x, y) for x, y in sleeve]):
        draw.polygon(side, fill=_shade(fill, 0.9), outline=OUTLINE)
    draw.polygon([(250, 170), (330, 140), (470, 140), (550, 170), (550, 640), (250, 640)], fill=fill, outline=OUTLINE)
    draw.arc((340, 110, 460, 200), 0, 180, fill=OUTLINE, width=6)
    if collar:
        draw.polygon([(340, 140), (400, 210), (460, 140)], fill=_shade(fill, 1.15), outline=OUTLINE)


def _coat(draw, fill) -> None:
    _top(draw, fill, long_sleeves=True, collar=True)
    draw.line((400, 210, 400, 640), fill=OUTLINE, width=5)
    for y in (300, 400, 500):
        draw.ellipse((410, y, 426, y + 16), fill=_shade(fill, 0.6))


def _trousers(draw, fill) -> None:
    draw.polygon(
        [(280, 130), (520, 130), (560, 680), (430, 680), (400, 320), (370, 680), (240, 680)], fill=fill, outline=OUTLINE
    )
    draw.rectangle((280, 130, 520, 170), fill=_shade(fill, 0.8), outline=OUTLINE)


def _mug(draw, fill) -> None:
    draw.ellipse((470, 300, 620, 500), outline=_shade(fill, 0.8), width=28)
    draw.rounded_rectangle((220, 220, 520, 600), radius=30, fill=fill, outline=OUTLINE, width=3)
    draw.ellipse((220, 200, 520, 250), fill=_shade(fill, 1.2), outline=OUTLINE, width=3)


def _textile(draw, fill) -> None:
    for i, offset in enumerate((0, 40, 80)):
        draw.rounded_rectangle(
            (180 + offset, 260 + offset, 620 - offset, 560 + offset),
            radius=18,
            fill=_shade(fill, 1 - 0.1 * i),
            outline=OUTLINE,
        )
    for x in range(290, 540, 50):
        draw.line((x, 340, x, 640), fill=_shade(fill, 1.25), width=6)


def _bag(draw, fill) -> None:
    draw.arc((290, 130, 510, 380), 180, 360, fill=_shade(fill, 0.7), width=22)
    draw.polygon([(220, 260), (580, 260), (620, 660), (180, 660)], fill=fill, outline=OUTLINE)


def _hat(draw, fill) -> None:
    draw.chord((220, 180, 580, 620), 180, 360, fill=fill, outline=OUTLINE)
    draw.rounded_rectangle((200, 380, 600, 470), radius=20, fill=_shade(fill, 0.8), outline=OUTLINE)
    draw.ellipse((365, 140, 435, 210), fill=_shade(fill, 1.2), outline=OUTLINE)
    for x in range(240, 580, 30):
        draw.line((x, 390, x, 460), fill=_shade(fill, 0.65), width=4)


SHAPES: dict[str, Callable] = {
    "tops": _top,
    "knitwear": lambda draw, fill: _top(draw, fill, long_sleeves=True),
    "outerwear": _coat,
    "trousers": _trousers,
    "kitchen": _mug,
    "textiles": _textile,
    "bags": _bag,
    "hats-scarves": _hat,
}


def _png(category: str, colour: str, width: int) -> bytes:
    image = Image.new("RGB", (DRAW_SIZE, DRAW_SIZE), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.ellipse((150, 660, 650, 720), fill=_shade(BACKGROUND, 0.9))  # a soft floor shadow
    SHAPES.get(category, _bag)(draw, COLOUR_RGB.get(colour, (120, 120, 120)))
    if width != DRAW_SIZE:
        image = image.resize((width, width), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _files(category: str, colour: str) -> list[list]:
    """Save each size once (shared by every product of that kind and colour) and list [width, name]."""
    renditions = []
    for width in WIDTHS:
        name = f"{FOLDER}/{category}-{colour.lower()}-{width}.png"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(_png(category, colour, width)))
        renditions.append([width, name])
    return renditions


@transaction.atomic
def images_seed() -> int:
    """One picture for each demo product without one, in its first variant's colour; returns how many were added."""
    products = (
        Product.objects.filter(images__isnull=True, category__parent__isnull=False)
        .select_related("category")
        .prefetch_related("variants")
        .order_by("pk")
    )
    files: dict[tuple[str, str], list[list]] = {}
    rows = []
    for product in products:
        variants = list(product.variants.all())
        if not variants:
            continue
        colour = str((variants[0].options or {}).get("colour", "Grey"))
        key = (product.category.slug, colour)
        if key not in files:
            files[key] = _files(*key)
        renditions = files[key]
        rows.append(
            ProductImage(
                product=product,
                image=renditions[-1][1],
                alt_text=f"{product.name} in {colour.lower()}",
                position=0,
                renditions=renditions,
            )
        )
    ProductImage.objects.bulk_create(rows)
    return len(rows)
