"""System checks of the Square settings: a wrong environment name or a half-configured webhook is said at start."""

from django.conf import settings
from django.core.checks import Error, Warning, register

ENVIRONMENTS = ("production", "sandbox")


@register()
def square_settings(app_configs, **kwargs):
    problems = []
    if settings.SQUARE_ENVIRONMENT.lower() not in ENVIRONMENTS:
        problems.append(
            Error(
                f"SQUARE_ENVIRONMENT is {settings.SQUARE_ENVIRONMENT!r}; it must be production or sandbox.",
                id="squarepos.E001",
            )
        )
    webhook = (settings.SQUARE_WEBHOOK_SIGNATURE_KEY, settings.SQUARE_WEBHOOK_URL)
    if settings.SQUARE_ACCESS_TOKEN and not all(webhook):
        problems.append(
            Warning(
                "The Square connector is on but SQUARE_WEBHOOK_SIGNATURE_KEY or SQUARE_WEBHOOK_URL is not set: "
                "no sale or refund made at a Square till will arrive.",
                id="squarepos.W001",
            )
        )
    return problems
