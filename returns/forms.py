"""What a store's returns desk asks: how the money goes back and why, and how many units of each line come back in
what state."""

from collections.abc import Iterable, Mapping

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.validators import is_ascii_digits
from returns.models import Return, ReturnLine
from returns.selectors import ReturnableLine
from returns.services import ReturnRequestLine


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    refund_method = forms.ChoiceField(
        label=_("Refund"), choices=Return.RefundMethod.choices, widget=forms.RadioSelect, initial="cash"
    )


def return_lines_chosen(
    data: Mapping[str, str], lines: Iterable[ReturnableLine]
) -> tuple[list[ReturnRequestLine], list[str]]:
    """The units chosen per line (`qty-<line id>`, `condition-<line id>`), and what was not a whole number."""
    chosen, errors = [], []
    for entry in lines:
        raw = data.get(f"qty-{entry.line.pk}", "").strip() or "0"
        if not is_ascii_digits(raw):
            errors.append(gettext("%(sku)s: enter a whole number.") % {"sku": entry.line.sku})
            continue
        quantity = int(raw)
        condition = data.get(f"condition-{entry.line.pk}", ReturnLine.Condition.RESELLABLE)
        if quantity:
            chosen.append(ReturnRequestLine(sku=entry.line.sku, quantity=quantity, condition=condition))
    return chosen, errors
