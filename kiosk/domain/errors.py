"""A refused input, with a message a person can act on.

Messages are written in Bokmål, the kiosk's source language; the UI passes
``template`` through Qt's translator and formats it with ``params``.
"""

from typing import Any


def translatable(context: str, text: str) -> str:
    """Mark ``text`` for pyside6-lupdate (which looks for this name) without importing Qt."""
    return text


QT_TRANSLATE_NOOP = translatable


class ValidationError(ValueError):
    """An input the kiosk refuses. ``code`` is stable for programs, the message is for people."""

    context = "validation"

    def __init__(self, code: str, template: str, **params: Any) -> None:
        self.code = code
        self.template = template
        self.params = params
        super().__init__(template.format(**params))

    @property
    def message(self) -> str:
        return str(self)
