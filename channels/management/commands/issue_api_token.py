"""Issue a token for a till (bound to a store) or a marketplace (bound to its channel); the key is printed once."""

from django.core.management.base import BaseCommand, CommandError

from channels.models import DeviceClient
from channels.services.devices import device_client_create
from core.exceptions import DomainError
from inventory.models import Location


class Command(BaseCommand):
    help = (
        "Issue an API token for a till (--location CODE) or a marketplace/social shop (--channel marketplace|social) "
        "with one or more --scope. The key is printed once, alone on the last line; only its hash is kept."
    )

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--location", help="The store code of a till, e.g. OSL1.")
        where.add_argument("--channel", choices=list(DeviceClient.CHANNELS), help="A marketplace or social shop.")
        parser.add_argument(
            "--scope",
            action="append",
            nargs="+",
            required=True,
            choices=DeviceClient.Scope.values,
            help="What the token may do; repeat or list several.",
        )
        parser.add_argument("--name", default="", help="A name to recognise it by, e.g. 'Till 2' or 'FINN'.")

    def handle(self, *args, location=None, channel=None, scope, name="", **options):
        scopes = [item for group in scope for item in group]
        store = None
        if location:
            store = Location.objects.filter(code=location).first()
            if store is None:
                raise CommandError(f"No location {location}.")
        try:
            client, key = device_client_create(name=name, scopes=scopes, location=store, channel=channel or "")
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Issued {client} with scopes {', '.join(client.scopes)}. Keep the key; it is not shown again:"
        )
        self.stdout.write(key)
