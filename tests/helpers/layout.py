"""Measure a shown screen: text that does not fit its label, and widgets that overlap.

Measured with each widget's own font metrics (word wrap aware), so a clipped heading in
Nastaliq or a long Polish word is found without looking at pixels.
"""

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

# Widgets that lie over others on purpose; they are measured themselves but never "overlap".
OVERLAYS = frozenset({"stillThere"})


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    return f"{type(widget).__name__}#{widget.objectName() or '?'} {text[:40]!r}"


def clipped_text(label: QLabel) -> str | None:
    """Why ``label``'s text does not fit inside it, or None when it fits."""
    text = label.text()
    if not text.strip() or label.textFormat() == Qt.TextFormat.RichText:
        return None
    area = label.contentsRect()
    margin = label.margin()
    area = area.adjusted(margin, margin, -margin, -margin)
    metrics = label.fontMetrics()
    if label.wordWrap():
        flags = int(label.alignment()) | int(Qt.TextFlag.TextWordWrap)
        needed = metrics.boundingRect(QRect(0, 0, area.width(), 100_000), flags, text)
    else:
        needed = metrics.boundingRect(QRect(0, 0, 100_000, 100_000), int(label.alignment()), text)
        needed.setWidth(max(needed.width(), metrics.horizontalAdvance(text)))
    # A text drawn wider than the label is cut at its edges; taller, its lines are cut off.
    # One pixel is the rounding between QFontMetrics and QLabel's own layout (no ink there).
    if needed.width() > area.width() + 1 or needed.height() > area.height() + 1:
        return (
            f"{_name(label)}: needs {needed.width()}x{needed.height()} px, "
            f"has {area.width()}x{area.height()}"
        )
    return None


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and not widget.isWindow()


def problems(root: QWidget) -> list[str]:
    """Every clipped text, every widget sticking out of its parent and every pair of visible
    siblings that overlap, under ``root`` (which must be shown)."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _shown(widget) and widget is not root:
            continue
        if isinstance(widget, QLabel) and widget.pixmap().isNull():
            reason = clipped_text(widget)
            if reason:
                found.append(reason)
        if widget is not root:
            parent = widget.parentWidget()
            if not parent.rect().contains(widget.geometry()) and not _scrolls(parent):
                found.append(f"{_name(widget)} sticks out of {_name(parent)}")
        children = [
            child
            for child in widget.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if _shown(child) and child.objectName() not in OVERLAYS
        ]
        for index, first in enumerate(children):
            for second in children[index + 1 :]:
                if first.geometry().intersects(second.geometry()):
                    found.append(f"{_name(first)} overlaps {_name(second)}")
    return found


def _scrolls(widget: QWidget) -> bool:
    # A scroll area's viewport holds content larger than itself by design.
    return widget.objectName() == "qt_scrollarea_viewport"


def settle(root: QWidget, rounds: int = 20) -> None:
    """Process events until nothing under ``root`` moves: a layout pass may post another
    (a label re-measured, a pictogram resized), so one round of events is not always enough."""
    before: list[QRect] | None = None
    for _ in range(rounds):
        QCoreApplication.processEvents()
        now = [widget.geometry() for widget in root.findChildren(QWidget)]
        if now == before:
            return
        before = now
    raise AssertionError(f"{_name(root)} was still moving after {rounds} rounds of events")
