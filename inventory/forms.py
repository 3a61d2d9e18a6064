"""Forms the staff console asks before a stock change: how many, and why."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.validators import validate_quantity_bound


def quantity_field(*, signed: bool = False, minimum: int = 1, **kwargs) -> forms.IntegerField:
    """A quantity bounded by MAX_QUANTITY, refused in the form before it reaches an integer column."""
    limit = settings.MAX_QUANTITY
    bounds = {"min_value": -limit, "max_value": limit} if signed else {"min_value": minimum, "max_value": limit}
    return forms.IntegerField(validators=[validate_quantity_bound], **bounds, **kwargs)


class ReceiveForm(forms.Form):
    quantity = quantity_field(help_text=_("Units that arrived."))
    reason = forms.CharField(max_length=200, required=False, help_text=_("e.g. supplier delivery note number."))


class AdjustForm(forms.Form):
    quantity = quantity_field(signed=True, help_text=_("Units to add (positive) or remove (negative), not zero."))
    reason = forms.CharField(max_length=200, help_text=_("Why: damaged, stolen, found … (kept in the ledger)."))

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity == 0:
            raise forms.ValidationError("An adjustment of zero changes nothing.")
        return quantity


class CountForm(forms.Form):
    quantity = quantity_field(minimum=0, help_text=_("Units counted on the shelf; on hand is set to this."))
    reason = forms.CharField(max_length=200, required=False, help_text=_("e.g. monthly count."))
