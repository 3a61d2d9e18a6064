"""Forms the staff console asks before a stock change: how many, and why; transfer lines by SKU."""

from django import forms
from django.conf import settings

from catalog.selectors import variant_by_code
from core.validators import validate_quantity_bound
from inventory import permissions
from inventory.models import Location, Transfer, TransferLine


def quantity_field(*, signed: bool = False, minimum: int = 1, **kwargs) -> forms.IntegerField:
    """A quantity bounded by MAX_QUANTITY, refused in the form before it reaches an integer column."""
    limit = settings.MAX_QUANTITY
    bounds = {"min_value": -limit, "max_value": limit} if signed else {"min_value": minimum, "max_value": limit}
    return forms.IntegerField(validators=[validate_quantity_bound], **bounds, **kwargs)


class ReceiveForm(forms.Form):
    quantity = quantity_field(help_text="Units that arrived.")
    reason = forms.CharField(max_length=200, required=False, help_text="e.g. supplier delivery note number.")


class AdjustForm(forms.Form):
    quantity = quantity_field(signed=True, help_text="Units to add (positive) or remove (negative), not zero.")
    reason = forms.CharField(max_length=200, help_text="Why: damaged, stolen, found … (kept in the ledger).")

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity == 0:
            raise forms.ValidationError("An adjustment of zero changes nothing.")
        return quantity


class CountForm(forms.Form):
    quantity = quantity_field(minimum=0, help_text="Units counted on the shelf; on hand is set to this.")
    reason = forms.CharField(max_length=200, required=False, help_text="e.g. monthly count.")


class TransferAdminForm(forms.ModelForm):
    user = None  # who drafts it: the admin sets it on the form class it makes for the request

    class Meta:
        model = Transfer
        fields = ["source", "destination", "note"]

    def clean(self):
        cleaned = super().clean()
        source, destination = cleaned.get("source"), cleaned.get("destination")
        if source and source == destination:
            self.add_error("destination", "A transfer needs two different locations.")
        elif source and destination and not self._may_draft(source=source, destination=destination):
            self.add_error("destination", permissions.DRAFT_TRANSFER_REFUSED)
        return cleaned

    def _may_draft(self, *, source: Location, destination: Location) -> bool:
        # Without a user to ask about, nothing is drafted.
        return self.user is not None and permissions.can_draft_transfer(
            self.user, source=source, destination=destination
        )


class TransferLineForm(forms.ModelForm):
    """A transfer line as staff type it: a SKU or a scanned barcode, not a database id."""

    sku = forms.CharField(label="SKU or barcode", max_length=64)
    quantity = forms.IntegerField(min_value=1)

    class Meta:
        model = TransferLine
        fields = ["quantity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A tabular inline heads a form-only column with short_description, not with the field's label.
        self.fields["sku"].short_description = self.fields["sku"].label

    def clean_sku(self):
        code = self.cleaned_data["sku"]
        variant = variant_by_code(code=code)
        if variant is None:
            raise forms.ValidationError(f"No SKU or barcode {code.strip()!r} in the catalog.")
        self.instance.variant = variant
        return variant.sku


class ReorderTransferForm(forms.Form):
    """Where the reorder page's transfer comes from: one of the warehouses."""

    source = forms.ModelChoiceField(
        queryset=Location.objects.filter(kind=Location.Kind.WAREHOUSE, is_active=True),
        empty_label=None,
        label="From",
    )
