"""Forms of the clerk console: one box to find a customer, one to add to their wishlist, one to create a customer."""

from django import forms

from catalog.models import Variant
from catalog.selectors import variant_by_code
from customers.normalize import normalize_phone
from customers.selectors import LookupKind


class LookupForm(forms.Form):
    q = forms.CharField(
        label="Email, phone, card number or name",
        max_length=200,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "spellcheck": "false", "enterkeyhint": "search"}
        ),
    )


class WishlistAddForm(forms.Form):
    code = forms.CharField(
        label="SKU or barcode",
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "enterkeyhint": "done"}),
    )

    def clean_code(self) -> Variant:
        code = self.cleaned_data["code"].strip()
        variant = variant_by_code(code=code)
        if variant is None:
            raise forms.ValidationError(f"No product has the SKU or barcode “{code}”. Check the label and try again.")
        return variant


class CustomerCreateForm(forms.Form):
    """A customer met at the counter who is not on file yet: a name and a way to reach them, consent asked."""

    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    email = forms.EmailField(label="Email", max_length=254, required=False)
    phone = forms.CharField(label="Phone", max_length=32, required=False)
    marketing_consent = forms.BooleanField(label="Customer agrees to offers and news by email", required=False)

    def __init__(self, *args, country: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.country = country

    def clean_phone(self) -> str | None:
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return None
        phone = normalize_phone(raw, country=self.country)
        if phone is None:
            raise forms.ValidationError(f"“{raw}” is not a phone number we can call. Check the digits or add +country.")
        return phone

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("first_name") or data.get("last_name")):
            self.add_error("first_name", "Write the customer's name as they spell it.")
        if not ({"email", "phone"} & set(self.errors)) and not (data.get("email") or data.get("phone")):
            self.add_error(None, "Give an email address or a phone number, so the profile can be found again.")
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
