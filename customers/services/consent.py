"""Marketing consent: every change is timestamped on the customer and told in their timeline."""

from django.db import transaction
from django.utils import timezone

from customers.locks import lock_customers
from customers.models import Channel, Customer, SignupConsent, TimelineEvent
from customers.services.identity import customer_resolve
from customers.services.timeline import timeline_record
from inventory.models import Location


@transaction.atomic
def customer_set_consent(
    *, customer: Customer, consent: bool, channel: str = Channel.WEB, how: str = "", by: str = "", store: str = ""
) -> bool:
    """The one way consent changes, under the customer's row lock; True when it changed (the same answer records nothing).

    `how` the answer was given, for the timeline: "till", "signup", "unsubscribe", "staff" (`by` whom) or "store"
    (which `store`)."""
    locked = lock_customers(ids=[customer.pk])[customer.pk]
    if locked.marketing_consent == consent:
        # The caller's copy may be older than the row: it leaves with the answer that stands.
        customer.marketing_consent, customer.marketing_consent_at = (
            locked.marketing_consent,
            locked.marketing_consent_at,
        )
        return False
    now = timezone.now()
    Customer.objects.filter(pk=customer.pk).update(marketing_consent=consent, marketing_consent_at=now)
    customer.marketing_consent, customer.marketing_consent_at = consent, now
    params = {"consent": consent, "how": how, **({"by": by} if by else {}), **({"store": store} if store else {})}
    timeline_record(
        customer=customer, kind=TimelineEvent.Kind.PROFILE_UPDATED, message="consent", params=params, channel=channel
    )
    return True


def signup_consent_remember(*, user) -> SignupConsent:
    """A shopper ticked the box at sign-up; it applies once they verify the address (never to an unverified one)."""
    consent, _ = SignupConsent.objects.get_or_create(user=user, defaults={"given_at": timezone.now()})
    return consent


@transaction.atomic
def signup_consent_apply(*, user, customer: Customer | None) -> bool:
    """The verified customer gets the consent ticked at sign-up; it is used up either way."""
    deleted, _ = SignupConsent.objects.filter(user=user).delete()
    if not deleted or customer is None:
        return False
    return customer_set_consent(customer=customer, consent=True, channel=Channel.WEB, how="signup")


def customer_create_at_store(
    *,
    email: str | None,
    phone: str | None,
    country: str,
    first_name: str,
    last_name: str,
    consent: bool,
    store: Location,
) -> tuple[Customer, bool]:
    """A customer met at the counter, found or created (identity resolution, never a duplicate) with `store` as home,
    and their consent recorded when the profile is new; True when new. Run it in one transaction with the caller's
    record of who created it."""
    started = timezone.now()
    customer = customer_resolve(
        email=email,
        phone=phone,
        country=country,
        first_name=first_name,
        last_name=last_name,
        channel=Channel.STORE,
        home_store=store,
    )
    created = customer.created_at >= started
    if created and consent:
        customer_set_consent(customer=customer, consent=True, channel=Channel.STORE, how="store", store=store.name)
    return customer, created
