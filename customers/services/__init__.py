"""Every write to customers: identity resolution, account linking, merge, profile, wishlist and timeline."""

from customers.services.account import customer_link_user_by_staff
from customers.services.consent import customer_set_consent, signup_consent_apply, signup_consent_remember
from customers.services.identity import (
    CARD_LENGTH,
    CARD_PREFIX,
    RESOLVE_ATTEMPTS,
    card_number_generate,
    card_number_is_valid,
    customer_link_user,
    customer_phone_fill,
    customer_resolve,
    luhn_check_digit,
)
from customers.services.merge import customer_merge
from customers.services.profile import customer_language_set, customer_update_profile
from customers.services.timeline import timeline_record
from customers.services.wishlist import wishlist_add, wishlist_remove

__all__ = [
    "CARD_LENGTH",
    "CARD_PREFIX",
    "RESOLVE_ATTEMPTS",
    "card_number_generate",
    "card_number_is_valid",
    "customer_language_set",
    "customer_link_user",
    "customer_link_user_by_staff",
    "customer_merge",
    "customer_phone_fill",
    "customer_resolve",
    "customer_set_consent",
    "customer_update_profile",
    "luhn_check_digit",
    "signup_consent_apply",
    "signup_consent_remember",
    "timeline_record",
    "wishlist_add",
    "wishlist_remove",
]
