"""The one customer: a unified profile (with or without a web account), wishlist, timeline and staff profiles."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.db import models
from django.db.models import Func, Q
from django.db.models.functions import Concat, Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Anything but a letter or a digit ends a word of a name, as it does for pg_trgm (and in the name-word trigger).
NAME_WORD_SEPARATOR = "[^[:alnum:]]+"
# A name of one first name and one surname of one word each: found by its readings, in order off customer_name_order.
TWO_WORDS = "^[[:alnum:]]+ [[:alnum:]]+$"
LIVE = Q(merged_into__isnull=True)
ALPHABETICAL = ("last_name", "first_name", "id")
# The word and the word with any one letter left out (a SQL function of migration 0015).
NAME_WORD_VARIANTS = Func("word", function="customers_name_word_variants", output_field=ArrayField(models.TextField()))
# A customer's name words beside a one-word surname (a SQL function of migration 0016).
WORDS_BESIDE_SURNAME = Func(
    "first_name",
    "last_name",
    function="customers_name_words_beside_surname",
    output_field=ArrayField(models.TextField()),
)


def name_words(field: str) -> Func:
    """The upper-cased words of a name, exactly as the name-word index and the vocabulary trigger split them."""
    return Func(
        Upper(field),
        models.Value(NAME_WORD_SEPARATOR),
        function="regexp_split_to_array",
        output_field=ArrayField(models.TextField()),
    )


class Channel(models.TextChoices):
    """Where a customer or an order came from."""

    WEB = "web", _("Web shop")
    STORE = "store", _("Store")
    APP = "app", _("App")
    PHONE = "phone", _("Phone")
    MARKETPLACE = "marketplace", _("Marketplace")
    SOCIAL = "social", _("Social shop")


def language_choices() -> list[tuple[str, str]]:
    """The shop's languages (settings.LANGUAGES), read when asked so a shop that adds one needs no migration."""
    return list(settings.LANGUAGES)


class Customer(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="customer"
    )
    email = models.EmailField(
        null=True, blank=True, help_text=_("One profile per address; upper or lower case makes no difference.")
    )
    phone = models.CharField(
        max_length=20,
        null=True,
        blank=True,
        help_text=_("Type it as the customer says it, e.g. 22 33 44 55 or +46 70 123 45 67."),
    )
    card_number = models.CharField(
        max_length=16,
        unique=True,
        help_text=_("The number printed on the loyalty card; it keeps working after a merge."),
    )
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    full_name = models.GeneratedField(
        expression=Concat("first_name", models.Value(" "), "last_name"),
        output_field=models.CharField(max_length=201),
        db_persist=True,
    )
    marketing_consent = models.BooleanField(
        default=False,
        verbose_name=_("may send offers"),
        help_text=_("The customer agreed to receive offers by email or SMS."),
    )
    marketing_consent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("offers agreed or declined at"))
    home_store = models.ForeignKey(
        "inventory.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="home_customers"
    )
    language = models.CharField(
        max_length=8,
        blank=True,
        default="",
        db_default="",  # rows written in bulk by SQL (the benchmark's customers) have none chosen
        choices=language_choices,
        help_text=_("The language of the shop's pages, emails and texts to this customer; empty: the shop's own."),
    )
    created_channel = models.CharField(max_length=12, choices=Channel.choices, default=Channel.WEB)
    created_at = models.DateTimeField(auto_now_add=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        help_text=_(
            "The profile this one was merged into; this one is kept so its card, email and phone still find them."
        ),
    )
    merged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        permissions = [
            ("merge_customer", "Can merge two customer profiles"),
            ("lookup_customer", "Can look customers up in the clerk console"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(merged_into__isnull=True, email__isnull=False),
                name="customer_unique_email",
            ),
            models.UniqueConstraint(
                fields=["phone"],
                condition=Q(merged_into__isnull=True, phone__isnull=False),
                name="customer_unique_phone",
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("pk")), name="customer_not_merged_into_self"),
        ]
        indexes = [
            models.Index(fields=["email"], name="customer_email_idx"),
            models.Index(fields=["phone"], name="customer_phone_idx"),
            GinIndex(OpClass(Upper("full_name"), name="gin_trgm_ops"), name="customer_name_trgm"),
            # Names containing what was typed: at 100,000 customers with common names PostgreSQL reads this GiST
            # index in a few milliseconds where the GIN one above takes several times longer.
            GistIndex(OpClass(Upper("full_name"), name="gist_trgm_ops"), name="customer_name_trgm_gist"),
            # Names with a typo: the customers having, for every typed word, one of the NameWords like it. Written
            # through at once (no pending list): lookups never wade through recent unsorted entries, and PostgreSQL
            # keeps choosing the index after a bulk import.
            GinIndex(name_words("full_name"), name="customer_name_words", fastupdate=False),
            # The customers of one name word alphabetically without reading thousands of them (migration 0014):
            # those whose surname is the word, in order off this index, and the few having it elsewhere (the
            # first name, a surname of several words) off the next.
            models.Index(Upper("last_name"), *ALPHABETICAL, name="customer_surname_order", condition=LIVE),
            GinIndex(WORDS_BESIDE_SURNAME, name="customer_words_beside_surname", fastupdate=False),
            # A name's customers in order, a page at most (migration 0017): the customers of a name typed whole, and
            # of each reading of a name with a typo ("Kari Hansen", "Kari Hagen" for "Kari Hanen"); the words of
            # the few names of another shape (not one first name and one surname) off the next.
            models.Index(Upper("full_name"), *ALPHABETICAL, name="customer_name_order", condition=LIVE),
            GinIndex(
                name_words("full_name"),
                name="customer_unusual_name_words",
                fastupdate=False,
                condition=LIVE & ~Q(full_name__regex=TWO_WORDS),
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("clerk:customer", kwargs={"pk": self.pk})

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email or self.phone or self.card_number


class NameWord(models.Model):
    """Every word of every customer's name, upper-cased: a name with a typo is first matched against these few words.

    Filled by a database trigger on every insert and update of customers (services, admin, bulk inserts, COPY),
    never emptied: a word nobody has any more simply finds no one.
    """

    word = models.TextField(primary_key=True)

    class Meta:
        indexes = [
            GinIndex(OpClass("word", name="gin_trgm_ops"), name="nameword_word_trgm", fastupdate=False),
            # The word and the word with any one letter left out (a SQL function of migration 0013): two words one
            # slip apart (a letter missed, added, wrong or two swapped) share one of these, found on this index.
            GinIndex(NAME_WORD_VARIANTS, name="nameword_word_variants", fastupdate=False),
        ]

    def __str__(self):
        return self.word


class WishlistItem(models.Model):
    class Source(models.TextChoices):
        WEB = "web", _("Web shop")
        EMAIL = "email", _("Email link")
        APP = "app", _("App")
        CLERK = "clerk", _("Clerk")
        KIOSK = "kiosk", _("Kiosk")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="wishlist_items")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="wishlist_items")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.WEB)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["customer", "variant"], name="wishlist_unique_customer_variant")]

    def __str__(self):
        return f"{self.variant.sku} on {self.customer}'s wishlist"


class TimelineEvent(models.Model):
    """Something a customer did on any channel, for the one timeline staff and the shopper see."""

    class Kind(models.TextChoices):
        ACCOUNT_CREATED = "account_created", _("Account created")
        PROFILE_CREATED = "profile_created", _("Profile created")
        PROFILE_UPDATED = "profile_updated", _("Profile updated")
        ACCOUNT_LINKED = "account_linked", _("Account linked")
        ORDER_PLACED = "order_placed", _("Order placed")
        ORDER_UPDATED = "order_updated", _("Order updated")
        PICKUP = "pickup", _("Pickup")
        RETURN = "return", _("Return")
        POINTS = "points", _("Points")
        WISHLIST_ADDED = "wishlist_added", _("Added to wishlist")
        WISHLIST_REMOVED = "wishlist_removed", _("Removed from wishlist")
        MERGED = "merged", _("Profiles merged")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.CharField(max_length=12, choices=Channel.choices, blank=True)
    # What happened, as the words of one message and its values: the sentence is written when read, in the
    # reader's language (customers/timeline_text.py). `summary` keeps it in English, and is all an old row has.
    message = models.CharField(max_length=40, blank=True, default="", db_default="")
    params = models.JSONField(blank=True, default=dict, db_default={})
    summary = models.CharField(max_length=200)
    reference = models.CharField(max_length=100, blank=True)
    occurred_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["customer", "-occurred_at"])]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        """The event in the active language; the stored English summary when there is no message for it."""
        from customers.timeline_text import timeline_text

        return timeline_text(message=self.message, params=self.params, fallback=self.summary)


class SignupConsent(models.Model):
    """Consent ticked at sign-up, kept until the email is verified; only then does it count for the customer."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signup_consent")
    given_at = models.DateTimeField()

    def __str__(self):
        return f"{self.user} agreed at sign-up {self.given_at:%Y-%m-%d}"
