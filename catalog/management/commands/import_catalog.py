"""`manage.py import_catalog FILE [--dry-run]`: load the catalog CSV, all rows or none."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from catalog import csv_io
from catalog.services import catalog_import

COLUMNS_HELP = "; ".join(csv_io.COLUMNS)


class Command(BaseCommand):
    help = (
        "Import the catalog from a CSV file, one row per variant, matched to variants by SKU. "
        "Every row is checked first; if any row is bad nothing is written and the bad rows are listed. "
        f"Columns: {COLUMNS_HELP}. Required: {', '.join(csv_io.REQUIRED_COLUMNS)}. "
        "options look like size=M;colour=Blue, related is product slugs separated by |, "
        "booleans are true/false. See catalog/csv_io/__init__.py for the full format."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file (UTF-8), or - for standard input")
        parser.add_argument("--dry-run", action="store_true", help="check the file and report, write nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *, file, dry_run, no_progress, **options):
        hide_bar = no_progress or options["verbosity"] == 0

        def progress(rows):
            return tqdm(rows, desc="Checking rows", unit="row", file=sys.stderr, disable=hide_bar, leave=False)

        try:
            if file == "-":
                if hasattr(sys.stdin, "reconfigure"):
                    sys.stdin.reconfigure(encoding="utf-8-sig", newline="")
                report = catalog_import(stream=sys.stdin, dry_run=dry_run, progress=progress)
            else:
                with open(file, encoding="utf-8-sig", newline="") as stream:
                    report = catalog_import(stream=stream, dry_run=dry_run, progress=progress)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}")
        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
