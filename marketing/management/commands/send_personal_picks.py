"""`manage.py send_personal_picks [--customer EMAIL] [--force]`: send the weekly personal pick now."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from customers.normalize import normalize_email
from marketing.services import personal_pick_send, reachable_customers, week_key


class Command(BaseCommand):
    help = (
        "Send this week's personal pick now, to every customer with marketing consent or to one (--customer). "
        "Each customer gets one a week; --force sends again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--customer", metavar="EMAIL", help="Only this customer (by email).")
        parser.add_argument("--force", action="store_true", help="Send even if this week's pick already went out.")

    def handle(self, *args, customer: str | None, force: bool, verbosity: int, **options):
        customers = reachable_customers()
        if customer:
            customers = customers.filter(email=normalize_email(customer))
            if not customers.exists():
                raise CommandError(f"No customer with marketing consent has the email {customer}.")
        key = week_key(timezone.now())
        sent = skipped = 0
        for customer_id in customers.order_by("pk").values_list("pk", flat=True).iterator():
            if personal_pick_send(customer_id=customer_id, key=key, force=force):
                sent += 1
            else:
                skipped += 1
        if verbosity:
            self.stdout.write(
                f"Personal picks {key}: {sent} queued, {skipped} skipped (already sent or nothing to pick)."
            )
