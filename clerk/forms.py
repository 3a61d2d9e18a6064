"""Forms of the clerk console: one box to find a customer, one to add to their wishlist, one to create a customer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Variant
from catalog.selectors import variant_by_code
from customers.normalize import normalize_phone
from customers.selectors import LookupKind


class LookupForm(forms.Form):
    q = forms.CharField(
        label=_("Email, phone, card number or name"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "spellcheck": "false", "enterkeyhint": "search"}
        ),
    )


class WishlistAddForm(forms.Form):
    code = forms.CharField(
        label=_("SKU or barcode"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "enterkeyhint": "done"}),
    )

    def clean_code(self) -> Variant:
        code = self.cleaned_data["code"].strip()
        variant = variant_by_code(code=code)
        if variant is None:
            raise forms.ValidationError(
                _("No product has the SKU or barcode “%(code)s”. Check the label and try again.") % {"code": code}
            )
        return variant


class CustomerCreateForm(forms.Form):
    """A customer met at the counter who is not on file yet: a name and a way to reach them, consent asked."""

    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    marketing_consent = forms.BooleanField(label=_("Customer agrees to offers and news by email"), required=False)

    def __init__(self, *args, country: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.country = country

    def clean_phone(self) -> str | None:
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return None
        phone = normalize_phone(raw, country=self.country)
        if phone is None:
            raise forms.ValidationError(
                _("“%(raw)s” is not a phone number we can call. Check the digits or add +country.") % {"raw": raw}
            )
        return phone

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("first_name") or data.get("last_name")):
            self.add_error("first_name", _("Write the customer's name as they spell it."))
        if not ({"email", "phone"} & set(self.errors)) and not (data.get("email") or data.get("phone")):
            self.add_error(None, _("Give an email address or a phone number, so the profile can be found again."))
        return data

    @classmethod
    def initial_from_query(cls, *, query: str, kind: str) -> dict:
        """What the clerk typed into the lookup box goes where it belongs in the new profile."""
        if kind == LookupKind.EMAIL:
            return {"email": query}
        if kind == LookupKind.NUMBER:
            return {"phone": query}
        first, _, last = query.rpartition(" ")
        return {"first_name": first, "last_name": last} if first else {"first_name": query}


class SellForm(forms.Form):
    """Sell now: cash (the amount given, for the change) or card on the store's own terminal; a reward code."""

    number = forms.CharField(max_length=20, widget=forms.HiddenInput)
    method = forms.ChoiceField(
        label=_("Payment"), choices=[("cash", _("Cash")), ("card", _("Card"))], widget=forms.RadioSelect
    )
    cash_given = forms.DecimalField(
        label=_("Cash given"), required=False, min_value=0, max_digits=12, decimal_places=2, localize=True
    )
    reward_code = forms.CharField(label=_("Reward code"), max_length=64, required=False)


class OrderForm(forms.Form):
    """Order it for the customer: pickup at any store (a window where it has them) or delivery; paid now or later."""

    number = forms.CharField(max_length=20, widget=forms.HiddenInput)
    fulfilment = forms.ChoiceField(
        label=_("How the customer gets it"),
        choices=[("pickup", _("Pick up in a store")), ("ship", _("Deliver to an address"))],
        widget=forms.RadioSelect,
    )
    location = forms.CharField(label=_("Pickup store"), max_length=20, required=False)
    slot = forms.DateTimeField(label=_("Pickup window"), required=False)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    line1 = forms.CharField(label=_("Address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    payment = forms.ChoiceField(
        label=_("Payment"),
        choices=[
            ("pay_at_pickup", _("Pay at pickup")),
            ("cash", _("Cash now")),
            ("card_present", _("Card now")),
        ],
        widget=forms.RadioSelect,
    )
    cash_given = forms.DecimalField(
        label=_("Cash given"), required=False, min_value=0, max_digits=12, decimal_places=2, localize=True
    )
    reward_code = forms.CharField(label=_("Reward code"), max_length=64, required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("fulfilment") == "pickup" and not data.get("location"):
            self.add_error("location", _("Choose the store the customer picks it up from."))
        if data.get("fulfilment") == "ship":
            for name in ("name", "line1", "postal_code", "city"):
                if not data.get(name):
                    self.add_error(name, _("Needed for delivery."))
        return data

    def address(self) -> dict | None:
        data = self.cleaned_data
        if data["fulfilment"] != "ship":
            return None
        return {key: data[key] for key in ("name", "line1", "postal_code", "city")}


class CounterEmailForm(forms.Form):
    """The customer's email typed at the counter: their profile is found or created, with their consent."""

    email = forms.EmailField(label=_("Customer's email"), max_length=254)
    consent = forms.BooleanField(label=_("Customer agrees to offers and news by email"), required=False)
