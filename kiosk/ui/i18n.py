"""Turning the lower layers' Bokmål message templates into the current language."""

from PySide6.QtCore import QCoreApplication

from kiosk.db.errors import StorageError
from kiosk.domain.errors import ValidationError


def message(error: ValidationError | StorageError) -> str:
    """The error's text in the installed translation (Bokmål when there is none)."""
    context = "validation" if isinstance(error, ValidationError) else "storage"
    return QCoreApplication.translate(context, error.template).format(**error.params)
