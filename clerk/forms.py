"""Forms of the clerk console: one box to find a customer, one to add to their wishlist."""

from django import forms

from catalog.models import Variant
from catalog.selectors import variant_by_code


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
        if not variant.is_active or not variant.product.is_active:
            raise forms.ValidationError(f"{variant} ({variant.sku}) is no longer sold, so it cannot go on a wishlist.")
        return variant
