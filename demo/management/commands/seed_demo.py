"""`manage.py seed_demo`: the demo shop, the same on every machine, and safe to run again."""

import random
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from demo.catalog import catalog_seed
from demo.customers import SHOPPER_EMAIL, demo_password, people_seed
from demo.images import images_seed
from demo.inventory import locations_seed, stock_seed
from demo.orders import orders_seed, returns_seed
from demo.pickups import pickups_seed
from demo.today import today_seed

SEED = 42


def rng_for(step: str) -> random.Random:
    """One generator per step, so adding data to one step never shifts what another step draws."""
    return random.Random(f"{SEED}:{step}")


class Command(BaseCommand):
    help = (
        "Load the demo shop: 3 stores and a warehouse, ~200 products / ~600 variants with stock, ~50 customers "
        "with orders from every channel, wishlists, points, and the demo logins. Idempotent and deterministic."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=0,
            metavar="N",
            help="Also add benchmark data: N × (10,000 variants × 10 locations, 1,000,000 stock movements, "
            "100,000 customers).",
        )

    def handle(self, *args, scale: float, verbosity: int, **options):
        if scale < 0:
            raise CommandError("--scale must be zero or more.")
        steps = ["catalog", "locations", "stock", "people", "orders", "pickups", "today"]
        created: dict[str, int] = {}
        progress = tqdm(total=len(steps), desc="seed_demo", unit="step", file=sys.stderr, disable=None)
        with progress, transaction.atomic():
            progress.set_postfix_str("catalog")
            catalog = catalog_seed(rng=rng_for("catalog"))
            created.update(categories=catalog.categories, products=catalog.products, variants=catalog.variants)
            created["product pictures"] = images_seed()
            # The SKU list comes from the plan, not the database, so other products never change what is drawn.
            skus = catalog.skus
            progress.update()

            progress.set_postfix_str("locations")
            locations, created["locations"] = locations_seed()
            progress.update()

            progress.set_postfix_str("stock")
            created["stock levels"], created["stock movements"] = stock_seed(
                rng=rng_for("stock"), locations=locations, skus=skus
            )
            progress.update()

            progress.set_postfix_str("customers")
            people, seeded = people_seed(rng=rng_for("people"), locations=locations, skus=skus)
            created.update(users=seeded.users, customers=seeded.customers, **{"wishlist items": seeded.wishlist_items})
            progress.update()

            progress.set_postfix_str("orders")
            orders = orders_seed(rng=rng_for("orders"), people=people, skus=skus, locations=locations)
            created.update(orders=orders.orders, **{"points entries": orders.points_entries})
            created["returns"] = returns_seed(people=people, locations=locations)
            progress.update()

            progress.set_postfix_str("pickups")
            pickups = pickups_seed(rng=rng_for("pickups"), people=people, skus=skus, locations=locations)
            created.update(**{"pickup orders": pickups.orders, "pickups of older orders": pickups.pickups})
            progress.update()

            progress.set_postfix_str("today")
            today = today_seed(rng=rng_for("today"), people=people, skus=skus, locations=locations)
            created["orders today"] = today.orders
            progress.update()

        if verbosity:
            added = ", ".join(f"{count} {name}" for name, count in created.items() if count)
            self.stdout.write(f"Demo data: added {added}." if added else "Demo data is already there: nothing added.")
        if scale:
            from demo.scale import seed_scale

            seed_scale(scale=scale, stdout=self.stdout)
        if verbosity:
            self.print_logins()

    def print_logins(self) -> None:
        password = demo_password()
        self.stdout.write(
            "Demo logins (demo only):\n"
            f"  admin / {password}                 superuser: /admin/\n"
            f"  clerk / {password}                 clerk at Oslo Sentrum (OSL1): /clerk/, /admin/\n"
            f"  manager / {password}               store manager at Oslo Sentrum (OSL1)\n"
            f"  {SHOPPER_EMAIL} / {password}   shopper with a verified email: /accounts/login/"
        )
