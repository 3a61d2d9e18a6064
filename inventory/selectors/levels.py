"""Staff views of stock: availability computed by the database, so lists can filter and sort on it."""

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest

from inventory.models import StockLevel


def stock_levels_annotated(queryset: QuerySet[StockLevel] | None = None) -> QuerySet[StockLevel]:
    """Stock levels with `in_store`, `online` and `at_reorder_point` computed in SQL (for filters and lists)."""
    queryset = StockLevel.objects.all() if queryset is None else queryset
    buffer = Coalesce("online_buffer", "location__default_online_buffer")
    return queryset.annotate(
        in_store=Greatest(F("on_hand") - F("reserved"), Value(0)),
        online=Greatest(F("on_hand") - F("reserved") - buffer, Value(0)),
    ).annotate(at_reorder_point=Q(reorder_point__gt=0, in_store__lte=F("reorder_point")))


def below_reorder_point_q() -> Q:
    """Sellable stock has fallen to or under the reorder point (only rows that have a reorder point)."""
    return Q(reorder_point__gt=0) & Q(on_hand__lte=F("reserved") + F("reorder_point"))


def out_of_stock_q() -> Q:
    """Nothing left to sell in the store (all on hand is promised, or there is none)."""
    return Q(on_hand__lte=F("reserved"))
