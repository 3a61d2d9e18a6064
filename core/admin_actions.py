"""One confirmation page for the staff console's actions that change things: the chosen objects in a table (and a
form when the action needs one), posted back with post=yes, then the action on each object through its service."""

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from core.exceptions import DomainError

CONFIRM_TEMPLATE = "admin/action_confirm.html"


def action_confirm(
    modeladmin,
    request,
    queryset,
    *,
    action: str,
    title: str,
    intro: str,
    columns: Sequence[tuple[str, Callable[[Any], object]]],
    run: Callable[[Any, dict], object],
    done: str,
    form_class: type[forms.Form] | None = None,
    initial: dict | None = None,
    label: Callable[[Any], str] | None = str,
) -> TemplateResponse | None:
    """Ask first, then act: a page listing the chosen objects under `columns` (with the form, if any) that posts
    back with post=yes; then `run(obj, cleaned_data)` for each. A DomainError leaves that object as it is and is
    told, prefixed with `label(obj)` unless `label` is None (the message names it already); the others are
    counted in one message, "<count> <objects> <done>", where `done` may use the form's fields."""
    objects = list(queryset)
    confirmed = request.POST.get("post") == "yes"
    form = form_class(request.POST if confirmed else None, initial=initial) if form_class else None
    if confirmed and (form is None or form.is_valid()):
        data = form.cleaned_data if form is not None else {}
        count = 0
        for obj in objects:
            try:
                run(obj, data)
            except DomainError as exc:
                message = exc.message if label is None else f"{label(obj)}: {exc.message}"
                modeladmin.message_user(request, message, messages.ERROR)
            else:
                count += 1
        if count:
            opts = modeladmin.model._meta
            noun = opts.verbose_name if count == 1 else opts.verbose_name_plural
            modeladmin.message_user(
                request,
                gettext("%(count)d %(objects)s %(done)s.")
                % {"count": count, "objects": noun, "done": done.format(**data)},
                messages.SUCCESS,
            )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": title,
        "intro": intro,
        "headers": [header for header, _ in columns],
        "rows": [(obj.pk, [value(obj) for _, value in columns]) for obj in objects],
        "form": form,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, CONFIRM_TEMPLATE, context)
