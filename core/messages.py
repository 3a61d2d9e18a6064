"""Sentences written when they are read: a row keeps a message key and its values, each reader gets the sentence in
their own language, and the English is kept on the row beside them (what staff search for). The timeline
(customers/timeline_text.py) and an order's notes (orders/notes.py) each keep one `Messages`; apps above add theirs."""

from collections.abc import Callable

from django.utils import translation


class Messages:
    def __init__(self):
        self.renderers: dict[str, Callable[[dict], str]] = {}

    def register(self, key: str, renderer: Callable[[dict], str]) -> None:
        """Make `key` a message, written by `renderer` from its values."""
        self.renderers[key] = renderer

    def add(self, key: str):
        """`register` as a decorator."""
        return lambda renderer: self.register(key, renderer) or renderer

    def text(self, *, message: str, params: dict, fallback: str) -> str:
        """In the active language; `fallback` (the stored text) for no or an unknown message, or values that do not
        fit it."""
        try:
            return self.renderers[message](params or {}) if message in self.renderers else fallback
        except (KeyError, ValueError, TypeError, ArithmeticError):
            return fallback

    def english(self, *, message: str, params: dict) -> str:
        with translation.override("en"):
            return self.text(message=message, params=params, fallback=message)
