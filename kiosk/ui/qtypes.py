"""Typed access to what PySide6's stubs leave loose: a widget's name, the application, a
widget's own layout and parent. Each fails loudly where the stubs would allow a None.
"""

from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QLayout, QWidget

Named = TypeVar("Named", bound=QObject)


def with_name(obj: Named, name: str) -> Named:
    """Return ``obj`` with its objectName set to ``name`` (the theme's selectors and the
    tests find widgets by it). PySide6 takes ``objectName=`` as a constructor keyword, but
    its stubs list only each class's own properties, not QObject's."""
    obj.setObjectName(name)
    return obj


def application() -> QApplication:
    """The running QApplication; the kiosk's screens exist only inside one."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("no QApplication is running")
    return app


def layout_of(widget: QWidget) -> QLayout:
    """The layout ``widget`` set on itself when it was built."""
    layout = widget.layout()
    if layout is None:
        raise RuntimeError(f"{type(widget).__name__} has no layout")
    return layout


def parent_of(widget: QWidget) -> QWidget:
    """The widget an overlay covers: it is always built with its host as parent."""
    parent = widget.parentWidget()
    if parent is None:
        raise RuntimeError(f"{type(widget).__name__} has no parent widget")
    return parent
