"""Forms the staff console asks before a stock change: how many, and why."""

from django import forms

from inventory.models import Transfer


class ReceiveForm(forms.Form):
    quantity = forms.IntegerField(min_value=1, help_text="Units that arrived.")
    reason = forms.CharField(max_length=200, required=False, help_text="e.g. supplier delivery note number.")


class AdjustForm(forms.Form):
    quantity = forms.IntegerField(help_text="Units to add (positive) or remove (negative), not zero.")
    reason = forms.CharField(max_length=200, help_text="Why: damaged, stolen, found … (kept in the ledger).")

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity == 0:
            raise forms.ValidationError("An adjustment of zero changes nothing.")
        return quantity


class CountForm(forms.Form):
    quantity = forms.IntegerField(min_value=0, help_text="Units counted on the shelf; on hand is set to this.")
    reason = forms.CharField(max_length=200, required=False, help_text="e.g. monthly count.")


class TransferAdminForm(forms.ModelForm):
    class Meta:
        model = Transfer
        fields = ["source", "destination", "note"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") and cleaned.get("source") == cleaned.get("destination"):
            self.add_error("destination", "A transfer needs two different locations.")
        return cleaned
