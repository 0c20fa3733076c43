"""Touch targets as a gloved finger meets them: every visible button at least 64 px each
way, and at least 12 px of empty screen between any two of them."""

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QWidget

MIN_PX = 64
GAP_PX = 12


def _on_screen(button: QAbstractButton, root: QWidget) -> QRect:
    return QRect(button.mapTo(root, QPoint(0, 0)), button.size())


def gap(a: QRect, b: QRect) -> int:
    """Empty pixels between two rectangles (negative when they overlap)."""
    horizontal = max(b.left() - (a.right() + 1), a.left() - (b.right() + 1))
    vertical = max(b.top() - (a.bottom() + 1), a.top() - (b.bottom() + 1))
    return max(horizontal, vertical)


def _scrolls(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def target_problems(root: QWidget) -> list[str]:
    """What a glove would miss on ``root`` as shown now; empty when every target is fine.

    A button inside a scrolling area may lie partly outside the window (it scrolls into
    view); any other button must be wholly inside it.
    """
    visible = [
        b for b in root.findChildren(QAbstractButton) if b.isVisibleTo(root) and b.isEnabled()
    ]
    rects = {b: _on_screen(b, root) for b in visible}
    inside = root.rect()
    problems = []
    for button, rect in rects.items():
        name = button.accessibleName() or button.text() or button.objectName()
        if rect.width() < MIN_PX or rect.height() < MIN_PX:
            problems.append(f"{name!r} is {rect.width()}x{rect.height()} px")
        if not inside.contains(rect) and not _scrolls(button, root):
            problems.append(f"{name!r} at {rect.getRect()} is cut by the window")
    buttons = list(rects)
    for i, first in enumerate(buttons):
        for second in buttons[i + 1 :]:
            if first.window() is not second.window():
                continue
            apart = gap(rects[first], rects[second])
            if apart < GAP_PX:
                problems.append(
                    f"{first.accessibleName() or first.text()!r} and "
                    f"{second.accessibleName() or second.text()!r} are {apart} px apart"
                )
    return problems
