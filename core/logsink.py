"""A log handler that builds and formats every record and keeps none: the test runs' log output."""

import logging


class FormatAndDiscard(logging.Handler):
    """Format each record as production would, then drop it; a record that cannot be built or formatted fails loudly.

    With it the tests run every log call at their level without printing a line: an `extra` key that clashes with
    a LogRecord attribute, or a message whose arguments do not fit, breaks the test that logs it.
    """

    def emit(self, record: logging.LogRecord) -> None:
        self.format(record)
