"""Forms of the staff console's transfer page: who drafts it between which locations, and its lines by SKU."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.selectors import variant_by_code
from inventory.models import Location
from transfers import permissions
from transfers.models import Transfer, TransferLine


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

    sku = forms.CharField(label=_("SKU or barcode"), max_length=64)
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
