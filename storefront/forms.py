"""Forms of the shopper's account pages."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from customers.models import Customer
from customers.normalize import normalize_phone
from customers.services import signup_consent_remember
from inventory.models import Location


def language_choices() -> list[tuple[str, str]]:
    """The shop's languages, each named in itself, after "the shop's own" (nothing chosen)."""
    return [("", _("The shop's language")), *((code, name[:1].upper() + name[1:]) for code, name in settings.LANGUAGES)]


class ProfileForm(forms.Form):
    first_name = forms.CharField(
        max_length=100,
        required=False,
        label=_("First name"),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        max_length=100,
        required=False,
        label=_("Last name"),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    phone = forms.CharField(
        max_length=32,
        required=False,
        label=_("Phone"),
        help_text=_(
            "With country code, e.g. +47 22 33 44 55; numbers without one are read as your home store's country."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "inputmode": "tel"}),
    )
    home_store = forms.ModelChoiceField(
        queryset=Location.objects.filter(kind=Location.Kind.STORE, is_active=True).order_by("name"),
        required=False,
        label=_("Home store"),
        empty_label=_("No favourite store"),
        help_text=_("Where you usually shop; we show its stock first."),
    )
    marketing_consent = forms.BooleanField(
        required=False,
        label=_("Send me offers and news by email"),
        help_text=_("You can turn this off at any time."),
    )
    language = forms.ChoiceField(
        choices=language_choices,
        required=False,
        label=_("Language"),
        help_text=_("For these pages and for every email and text message we send you."),
    )

    @classmethod
    def for_customer(cls, customer: Customer, data=None) -> "ProfileForm":
        initial = {
            "first_name": customer.first_name,
            "last_name": customer.last_name,
            "phone": customer.phone or "",
            "home_store": customer.home_store_id,
            "marketing_consent": customer.marketing_consent,
            "language": customer.language,
        }
        return cls(data=data, initial=initial)

    def clean(self):
        cleaned = super().clean()
        phone = cleaned.get("phone")
        if phone:
            store = cleaned.get("home_store")
            if normalize_phone(phone, country=store.country if store else None) is None:
                self.add_error("phone", _("Enter a valid phone number, e.g. +47 22 33 44 55."))
        return cleaned


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the marketing consent box; the consent counts once the email is verified."""

    marketing_consent = forms.BooleanField(
        required=False,
        label=_("Send me offers and news by email"),
        help_text=_("Back in stock and price drops on your wishlist, and a weekly pick. Unsubscribe at any time."),
    )

    def custom_signup(self, request, user) -> None:
        super().custom_signup(request, user)
        if self.cleaned_data.get("marketing_consent"):
            signup_consent_remember(user=user)
