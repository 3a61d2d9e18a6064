"""`manage.py export_catalog [FILE|-]`: write the catalog CSV that import_catalog reads back unchanged."""

from django.core.management.base import BaseCommand, CommandError

from catalog.csv_io import catalog_export


class _Stdout:
    """Hand csv rows to the command's stdout as they are, without extra line endings."""

    def __init__(self, out):
        self.out = out

    def write(self, text):
        self.out.write(text, ending="")


class Command(BaseCommand):
    help = (
        "Export the whole catalog as CSV, one row per variant, in the format import_catalog reads "
        "(see `manage.py import_catalog --help`). FILE defaults to - (standard output)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="where to write the CSV, or - for standard output")

    def handle(self, *, file, **options):
        if file == "-":
            catalog_export(stream=_Stdout(self.stdout))
            return
        try:
            with open(file, "w", encoding="utf-8", newline="") as stream:
                rows = catalog_export(stream=stream)
        except OSError as exc:
            raise CommandError(f"Cannot write {file}: {exc.strerror or exc}")
        self.stdout.write(self.style.SUCCESS(f"Wrote {rows} row(s) to {file}."))
