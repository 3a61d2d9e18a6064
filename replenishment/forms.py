"""What the reorder page asks before it drafts transfers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inventory.models import Location


class ReorderTransferForm(forms.Form):
    """Where the reorder page's transfer comes from: one of the warehouses."""

    source = forms.ModelChoiceField(
        queryset=Location.objects.filter(kind=Location.Kind.WAREHOUSE, is_active=True),
        empty_label=None,
        label=_("From"),
    )
