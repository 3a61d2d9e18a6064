"""A product's options as the product page offers them: one group per option (colour, then size …), each value a
link to the variant that keeps the other choices. Which variants are in stock is the caller's to say."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from catalog.models import Variant

OPTION_ORDER = ["colour", "color", "size", "length", "width"]


@dataclass(frozen=True)
class OptionChoice:
    value: str
    sku: str
    selected: bool
    exact: bool  # False: no variant has this value with the other current options, so the link changes them too
    in_stock: bool


@dataclass(frozen=True)
class OptionGroup:
    name: str
    choices: list[OptionChoice]


def variant_option_groups(
    *, variants: Sequence[Variant], selected: Variant, in_stock: Collection[int]
) -> list[OptionGroup]:
    """One group per option (size, colour …): each value links to the variant that keeps the other choices, and says
    whether that variant is in stock (its id in `in_stock`)."""
    names: list[str] = []
    for variant in variants:
        names.extend(name for name in (variant.options or {}) if name not in names)
    # PostgreSQL's jsonb does not keep key order; shoppers expect colour before size.
    names.sort(key=lambda name: (OPTION_ORDER.index(name) if name in OPTION_ORDER else len(OPTION_ORDER), name))
    if not names and len(variants) > 1:
        return [
            OptionGroup(
                name="option",
                choices=[
                    OptionChoice(
                        value=v.label,
                        sku=v.sku,
                        selected=v.pk == selected.pk,
                        exact=True,
                        in_stock=v.pk in in_stock,
                    )
                    for v in variants
                ],
            )
        ]
    groups = []
    for name in names:
        values: list[str] = []
        for variant in variants:
            value = str((variant.options or {}).get(name, ""))
            if value and value not in values:
                values.append(value)
        if not values:
            continue
        others = {k: str(v) for k, v in (selected.options or {}).items() if k != name}
        choices = []
        for value in values:
            with_value = [v for v in variants if str((v.options or {}).get(name, "")) == value]
            exact = next(
                (v for v in with_value if all(str((v.options or {}).get(k, "")) == ov for k, ov in others.items())),
                None,
            )
            target = exact or with_value[0]
            choices.append(
                OptionChoice(
                    value=value,
                    sku=target.sku,
                    selected=value == str((selected.options or {}).get(name, "")),
                    exact=exact is not None,
                    in_stock=target.pk in in_stock,
                )
            )
        groups.append(OptionGroup(name=name, choices=choices))
    return groups
