"""The stock badge a shopper sees: one threshold and one wording for every page that shows stock."""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, ngettext_lazy

# At or below this many units a shopper sees "Only n left"; a stock change across it refreshes cached pages.
LOW_STOCK_UNITS = 3


class StockState(StrEnum):
    """The badge's state, also its CSS modifier (badge--in, badge--low, badge--out)."""

    IN = "in"
    LOW = "low"
    OUT = "out"


@dataclass(frozen=True)
class StockBadge:
    """What a shopper is told about a quantity: its state and its words (translated when shown)."""

    state: StockState
    label: str | Promise


def stock_badge(*, available: int) -> StockBadge:
    """The one rule for stock words, so a product page, a grid and a wishlist never say the same thing two ways."""
    if available <= 0:
        return StockBadge(state=StockState.OUT, label=gettext_lazy("Out of stock"))
    if available <= LOW_STOCK_UNITS:
        label = ngettext_lazy("Only %(count)d left", "Only %(count)d left", "count") % {"count": available}
        return StockBadge(state=StockState.LOW, label=label)
    return StockBadge(state=StockState.IN, label=gettext_lazy("In stock"))
