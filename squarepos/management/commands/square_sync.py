"""manage.py square_sync [--catalog] [--inventory]: our catalog and stock counts out to Square's linked locations."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from squarepos.catalog import catalog_sync
from squarepos.client import SquareOff
from squarepos.links import linked_stores
from squarepos.stock import stock_sync


class Command(BaseCommand):
    help = (
        "Send the catalog (what changed since the last run) and every stock count of the linked stores to Square. "
        "Without options both; --catalog or --inventory for one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--catalog", action="store_true", help="Only the catalog (items and variations).")
        parser.add_argument("--inventory", action="store_true", help="Only the stock counts, all of them.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, catalog=False, inventory=False, no_progress=False, **options):
        both = not catalog and not inventory
        if not linked_stores():
            raise CommandError("No store is linked to a Square location yet: see manage.py square_link --list.")
        hide = no_progress or options["verbosity"] == 0
        failed = False
        try:
            if catalog or both:
                with tqdm(desc="Catalog", unit="product", file=sys.stderr, disable=hide, leave=False) as bar:
                    outcome = catalog_sync(progress=bar.update)
                failed |= self._report(outcome.summary("Catalog"), outcome.errors)
            if inventory or both:
                with tqdm(desc="Stock", unit="level", file=sys.stderr, disable=hide, leave=False) as bar:
                    outcome = stock_sync(full=True, progress=bar.update)
                failed |= self._report(outcome.summary("Stock"), outcome.errors)
        except SquareOff as exc:
            raise CommandError(str(exc))
        if failed:
            raise CommandError("Square refused some of it; the next run sends it again.")

    def _report(self, summary: str, errors: list[str]) -> bool:
        self.stdout.write(summary)
        for error in errors[:20]:
            self.stderr.write(f"  {error}")
        return bool(errors)
