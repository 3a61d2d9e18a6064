"""manage.py square_link OSL1 <square location id> | --list"""

import httpx
from django.core.management.base import BaseCommand, CommandError
from square.core.api_error import ApiError

from squarepos.client import SquareOff, error_text
from squarepos.links import LinkRefused, square_locations, store_link


class Command(BaseCommand):
    help = (
        "Link one of our stores to a Square location (checked against Square's locations), "
        "or list Square's locations with --list."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", nargs="?", help="Our store's code, e.g. OSL1.")
        parser.add_argument("square_location_id", nargs="?", help="The Square location's id.")
        parser.add_argument("--list", action="store_true", dest="list_only", help="Print Square's locations.")

    def handle(self, *args, code=None, square_location_id=None, list_only=False, **options):
        if not list_only and not (code and square_location_id):
            raise CommandError("Give a store code and a Square location id, or --list.")
        try:
            if list_only:
                self._list()
                return
            store = store_link(code=code, square_location_id=square_location_id)
        except SquareOff as exc:
            raise CommandError(str(exc))
        except LinkRefused as exc:
            raise CommandError(exc.message)
        except (ApiError, httpx.HTTPError) as exc:
            raise CommandError(f"Square could not be asked: {error_text(exc)}")
        self.stdout.write(f"{store.name} ({store.code}) is linked to Square location {store.square_location_id}.")

    def _list(self):
        locations = square_locations()
        if not locations:
            self.stdout.write("Square has no locations for this account.")
        for loc in locations:
            self.stdout.write(f"{loc.id}\t{loc.name}\t{loc.address or '-'}\t{loc.status}")
