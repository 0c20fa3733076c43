"""Measure a shown screen: text that does not fit its label, widgets that overlap, and
text whose rendered ink touches the edge of its label or button.

The first two are measured with each widget's own font metrics (word wrap aware), so a long
Polish word is found without looking at pixels; the ink check renders the text, which is
the only way to see Nastaliq's letters rising above the ascent their font reports.
"""

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QWidget,
)

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


# Ink: what the text really paints. Nastaliq's letters rise above the ascent the font
# reports, so a label whose metrics fit can still lose the tops of its letters; only the
# rendered pixels show it. A text is drawn, then drawn again without its words: the pixels
# that differ are its ink, and ink on the outermost pixels of its box was cut or touches.
INK_LEVEL = 96  # a channel's difference that is ink, not the faint edge of antialiasing


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, QLabel) and widget.pixmap().isNull():
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return QAbstractButton.text(widget)  # the button's own, not a picto button's label
    return ""


def _ink_box(widget: QWidget) -> QRect:
    """Where the text may paint: a label's whole rect (it clips there), a button's inside
    of its border and padding (it clips there, and ink there runs into the frame)."""
    if isinstance(widget, QPushButton):
        option = QStyleOptionButton()
        widget.initStyleOption(option)
        return widget.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, option, widget
        )
    return widget.rect()


def _start_edge(widget: QWidget) -> str | None:
    """The side a label's text is set from (left in Bokmål, right in Urdu), where its first
    letter sits on the edge by design; a centred text has none. Buttons pad their text."""
    if not isinstance(widget, QLabel):
        return None
    absolute = QStyle.visualAlignment(widget.layoutDirection(), widget.alignment())
    if absolute & Qt.AlignmentFlag.AlignHCenter:
        return None
    return "right" if absolute & Qt.AlignmentFlag.AlignRight else "left"


def _ring(box: QRect) -> list[tuple[int, int, str]]:
    left, top, right, bottom = box.left(), box.top(), box.right(), box.bottom()
    edges = [(x, top, "top") for x in range(left, right + 1)]
    edges += [(x, bottom, "bottom") for x in range(left, right + 1)]
    edges += [(left, y, "left") for y in range(top, bottom + 1)]
    edges += [(right, y, "right") for y in range(top, bottom + 1)]
    return edges


def touched_edges(widget: QWidget) -> list[str]:
    """Which edges of ``widget``'s text box its rendered text reaches (empty: none)."""
    text = _text_of(widget)
    if not text.strip() or widget.width() < 2 or widget.height() < 2:
        return []
    with_text = widget.grab().toImage()
    setter = QLabel.setText if isinstance(widget, QLabel) else QAbstractButton.setText
    setter(widget, "")  # type: ignore[operator]
    try:
        without = widget.grab().toImage()
    finally:
        setter(widget, text)  # type: ignore[operator]
    box = _ink_box(widget).intersected(widget.rect())
    ratio = with_text.devicePixelRatio()
    found: set[str] = set()
    start = _start_edge(widget)
    for x, y, edge in _ring(box):
        if edge in found or edge == start:
            continue
        a = with_text.pixelColor(int(x * ratio), int(y * ratio))
        b = without.pixelColor(int(x * ratio), int(y * ratio))
        if (
            max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue()))
            >= INK_LEVEL
        ):
            found.add(edge)
    if isinstance(widget, QPushButton) and widget.width() >= widget.sizeHint().width():
        # A button as wide as it asks has its word from one edge of its padding to the
        # other by design; only one squeezed narrower can cut it at the sides.
        found -= {"left", "right"}
    return sorted(found)


def ink_problems(root: QWidget) -> list[str]:
    """Every visible label and button under ``root`` whose text's ink touches its edges."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisible():
            continue
        if not isinstance(widget, QLabel | QAbstractButton):
            continue
        edges = touched_edges(widget)
        if edges:
            found.append(f"{_name(widget)}: ink touches its {'/'.join(edges)} edge")
    return found


def ink_rect(widget: QWidget) -> QRect:
    """The bounding box of the pixels ``widget``'s own text paints (empty when none)."""
    text = _text_of(widget)
    with_text = widget.grab().toImage()
    setter = QLabel.setText if isinstance(widget, QLabel) else QAbstractButton.setText
    setter(widget, "")  # type: ignore[operator]
    try:
        without = widget.grab().toImage()
    finally:
        setter(widget, text)  # type: ignore[operator]
    box = QRect()
    for y in range(with_text.height()):
        for x in range(with_text.width()):
            a, b = with_text.pixelColor(x, y), without.pixelColor(x, y)
            if max(abs(a.red() - b.red()), abs(a.green() - b.green()),
                   abs(a.blue() - b.blue())) >= INK_LEVEL:  # fmt: skip
                box = box.united(QRect(x, y, 1, 1))
    return box


def _painted_box(image: QImage) -> QRect:
    """The bounding box of the pixels painted onto a transparent ``image``."""
    box = QRect()
    for y in range(image.height()):
        for x in range(image.width()):
            if image.pixelColor(x, y).alpha() >= INK_LEVEL:
                box = box.united(QRect(x, y, 1, 1))
    return box


ROW_INK_MARGIN = 2  # px of a row's cell a text's ink keeps clear: off the frame, off the next


def row_ink(listed: QListView, index: int) -> list[tuple[str, QRect, QRect]]:
    """For row ``index`` of today's list: each text it paints, as (part, its cell, its ink's
    box), in viewport pixels. Each text is drawn alone, by the list's own delegate, onto a
    transparent image of the row, so its ink is exactly the pixels it paints."""
    from kiosk.ui.today_list import ROW_ROLE, row_body

    delegate = listed.itemDelegate()
    model_index = listed.model().index(index, 0)
    option = QStyleOptionViewItem()
    option.initFrom(listed.viewport())
    option.font = listed.font()  # as the view's own option has it (initFrom leaves it out)
    option.widget = listed
    option.rect = listed.visualRect(model_index)
    delegate.initStyleOption(option, model_index)
    option.rect = row_body(option.rect)
    found = []
    for text in delegate.texts(option, model_index.data(ROW_ROLE)):  # type: ignore[attr-defined]
        image = QImage(option.rect.size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.translate(-option.rect.topLeft())
        painter.setLayoutDirection(option.direction)
        delegate.draw(painter, text)  # type: ignore[attr-defined]
        painter.end()
        found.append((text.part, text.cell, _painted_box(image).translated(option.rect.topLeft())))
    return found


def row_ink_problems(listed: QListView) -> list[str]:
    """Each text of today's list's rows in view whose ink leaves its own cell, or comes
    within ROW_INK_MARGIN of the row's frame: Nastaliq's ink ran into the time column."""
    from kiosk.ui.today_list import row_body

    found = []
    viewport = listed.viewport().rect()
    for index in range(listed.model().rowCount()):
        body = row_body(listed.visualRect(listed.model().index(index, 0)))
        if not viewport.intersects(body):
            continue
        room = body.adjusted(0, ROW_INK_MARGIN, 0, -ROW_INK_MARGIN)
        for part, cell, ink in row_ink(listed, index):
            if ink.isValid() and not cell.intersected(room).contains(ink):
                label = listed.model().index(index, 0).data()
                found.append(f"row {index} {label[:40]!r}: the {part}'s ink {ink} leaves {cell}")
    return found


def as_read(text: str) -> str:
    """A line as a person reads it: the isolates (LRI, RLI, FSI…PDI) that keep a time's
    digits in order and the em spaces that set it apart in Nastaliq are not words."""
    return "".join(c for c in text if c not in "\u2066\u2067\u2068\u2069\u2003")
