"""Omnistore settings: every value comes from the environment, with a safe development default.

One module per concern; a module that reads another's value imports it from there, so the order below is free.
"""

from config.settings.api import *  # noqa: F403
from config.settings.base import *  # noqa: F403
from config.settings.security import *  # noqa: F403
from config.settings.shop import *  # noqa: F403
from config.settings.tasks import *  # noqa: F403
