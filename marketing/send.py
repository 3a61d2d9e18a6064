"""The one way a marketing email leaves: only to a customer who agreed, through the transactional outbox.

The message is built with the send's claim (MarketingEmail, unique per customer and period) and stored in the
outbox row in the same transaction, so a claimed email is sent exactly once, even with the broker down.
"""

import uuid

from django.core.mail import EmailMultiAlternatives

from core.outbox import email_enqueue
from customers.language import customer_language
from customers.models import Customer


def marketing_email_send(*, customer: Customer, message: EmailMultiAlternatives) -> bool:
    """Queue one built email for after commit; False (nothing queued) without consent or an address."""
    if not customer.marketing_consent or not customer.email or customer.merged_into_id:
        return False
    # The claim row already makes each send once; the key only has to be unique.
    email_enqueue(
        key=f"marketing:{customer.pk}:{uuid.uuid4()}",
        message=message,
        to=[customer.email],
        language=customer_language(customer),
    )
    return True
