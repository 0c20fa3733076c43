"""Today's registrations, newest first; tapping one offers to undo it after a confirmation.

The list scrolls by dragging (kinetic, QScroller) and never selects on a drag; the undo
question opens as an overlay over the whole screen, so nothing under the finger moves.
"""

from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScroller,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.db.deposits import SavedDeposit
from kiosk.domain.catalogue import Catalogue
from kiosk.domain.hours import OSLO
from kiosk.domain.kinds import Channel, WeightSource
from kiosk.domain.weights import format_kg
from kiosk.ui import theme
from kiosk.ui.languages import staff_name
from kiosk.ui.qtypes import parent_of, with_name
from kiosk.ui.touch import GAP as TARGET_GAP
from kiosk.ui.touch import TARGET

ID_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_LIMIT = 200
ROW_HEIGHT = TARGET  # a glove's target (tests/helpers/targets.py): rows are tapped to undo
ROW_GAP = TARGET_GAP  # empty list between two rows, as between any two of the guide's targets
ROW_RADIUS = 8  # as the theme's todayList::item border-radius
COLUMN_GAP = 8  # between a row's columns; the row is the target, not its parts
TIME_OVER_TAG_PX = 34  # a resident's row: the time's line, over its "beboer" pill
TAG_SCALE = 0.7  # the pill's words, against the row's
TWO_LINE_SCALES = (1.0, 0.9, 0.8)  # a long name's two lines: the row's size, or a step less
NAME_INK_MARGIN = 2  # a name on two lines keeps its lines' box this far off the row's frame
SELF_SERVICE_TINT = QColor("#E3EEF9")
SELF_SERVICE_TAG = QColor("#0D4F94")
TAG_TEXT = QColor("#FFFFFF")
BACKDROP = QColor(17, 17, 17, 110)


class WrappedLabel(QLabel):
    """A word-wrapping label that does not ask its layout for height-for-width.

    A wrapping QLabel makes the whole column use height-for-width layout, which then
    ignores the numpad's minimum height and paints the list over the keys.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def hasHeightForWidth(self) -> bool:
        return False


@dataclass(frozen=True, slots=True)
class Row:
    """What one line shows, in its parts: each part gets its own column."""

    time: str
    name: str
    weight: str
    tag: str = ""  # "beboer" on a resident's own registration
    undone: bool = False


def row_body(cell: QRect) -> QRect:
    """The part of a row's cell that is drawn and tapped: the cell less the gap under it."""
    return QRect(cell.left(), cell.top(), cell.width(), ROW_HEIGHT)


@dataclass(frozen=True, slots=True)
class PaintedText:
    """One text of a row as painted: which part, the cell it must stay inside, and how."""

    part: str  # "time", "tag", "name" or "weight"
    cell: QRect
    flags: Qt.AlignmentFlag
    font: QFont
    pen: QColor
    text: str


@dataclass(frozen=True, slots=True)
class RowLayout:
    time: QRect
    tag: QRect
    name: QRect
    weight: QRect


class RowDelegate(QStyledItemDelegate):
    """Time, tag and weight keep their width; the name takes all the rest before eliding.

    No pictogram: at 440 px the longest name needs the room, and the name says it.
    """

    def layout(self, option: QStyleOptionViewItem, row: Row) -> RowLayout:
        rect = row_body(option.rect).adjusted(6, 0, -6, 0)
        metrics = option.fontMetrics
        bold = QFont(option.font)
        bold.setBold(True)
        weight_w = _advance(bold, row.weight)
        time_w = metrics.horizontalAdvance(row.time)
        top, height = rect.top(), rect.height()
        x = rect.left()
        if row.tag:
            # The tag a small pill under the time, in the time's column: beside the name
            # it took the room "Bøker og medier" and "Ut: Kjøkkenutstyr" needed (issue 27).
            tag_w = _advance(_tag_font(option.font), row.tag) + 8  # the pill hugs its word
            time_w = max(time_w, tag_w)
            time = QRect(x, top + 2, time_w, TIME_OVER_TAG_PX)
            tag = QRect(x, top + 2 + TIME_OVER_TAG_PX, tag_w, height - 6 - TIME_OVER_TAG_PX)
        else:
            time, tag = QRect(x, top, time_w, height), QRect()
        x += time_w + COLUMN_GAP
        weight = QRect(rect.right() - weight_w, top, weight_w, height)
        name = QRect(x, top, max(0, weight.left() - COLUMN_GAP - x), height)
        return RowLayout(time, tag, name, weight)

    def texts(self, option: QStyleOptionViewItem, row: Row) -> list[PaintedText]:
        """Each text the row paints, in the cell it must stay inside (tests/helpers/layout.py
        renders each alone and checks its ink against its cell)."""
        parts = self.layout(option, row)
        font = QFont(option.font)
        font.setStrikeOut(row.undone)
        bold = QFont(font)
        bold.setBold(True)
        pen = option.palette.color(QPalette.ColorRole.Text)
        middle = Qt.AlignmentFlag.AlignVCenter
        left, right = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
        texts = [
            PaintedText("time", parts.time, middle | left, font, pen, row.time),
            PaintedText("name", parts.name, middle | left, font, pen, row.name),
            PaintedText("weight", parts.weight, middle | right, bold, pen, row.weight),
        ]
        if row.tag:
            texts.append(
                PaintedText(
                    "tag",
                    parts.tag,
                    Qt.AlignmentFlag.AlignCenter,
                    _tag_font(font),
                    TAG_TEXT,
                    row.tag,
                )
            )
        return texts

    def draw(self, painter: QPainter, text: PaintedText) -> None:
        """Paint one text inside its cell. The name, the one text of any length and script,
        is elided by its ink: Nastaliq's strokes reach past the advance Qt sets a text by
        (an Urdu resident row's ran into the column beside it), so the name is set in from
        each side by what its ink overshoots, and elided to what is left."""
        font, cell, flags, shown = self.placed(text)
        painter.setFont(font)
        painter.setPen(text.pen)
        painter.drawText(cell, flags, shown)

    def placed(self, text: PaintedText) -> tuple[QFont, QRect, Qt.AlignmentFlag, str]:
        """How ``draw`` paints ``text``: a name too long for its line on two lines, whole,
        a step smaller where two lines of the row's size do not fit 64 px; else on one line,
        set in from each side by its ink and elided."""
        cell, shown = text.cell, text.text
        if text.part == "name":
            metrics = QFontMetrics(text.font)
            if metrics.horizontalAdvance(shown) > cell.width():
                wrapped = text.flags | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)
                room = cell.adjusted(0, NAME_INK_MARGIN, 0, -NAME_INK_MARGIN)
                for scale in TWO_LINE_SCALES:
                    font = _scaled(text.font, scale)
                    needed = QFontMetrics(font).boundingRect(room, wrapped, shown)
                    if room.contains(needed):
                        return font, cell, wrapped, shown
            for _ in range(2):  # the elided text's ink may differ from the whole one's
                shown = metrics.elidedText(text.text, Qt.TextElideMode.ElideRight, cell.width())
                ink = metrics.boundingRect(shown)  # from the pen's start; x < 0 is ink before it
                before = max(0, -ink.left())
                after = max(0, ink.right() + 1 - metrics.horizontalAdvance(shown))
                cell = text.cell.adjusted(before, 0, -after, 0)
            shown = metrics.elidedText(text.text, Qt.TextElideMode.ElideRight, cell.width())
        return text.font, cell, text.flags, shown

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, Row):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.rect = row_body(option.rect)  # the gap below stays the list's own background
        painter.save()
        # Card, frame and any highlight as the theme draws them; the text is ours.
        option.text = ""
        option.icon = QIcon()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        if row.tag:  # inside the theme's frame, which stays
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(SELF_SERVICE_TINT)
            painter.drawRoundedRect(
                option.rect.adjusted(1, 1, -1, -1), ROW_RADIUS - 1, ROW_RADIUS - 1
            )
        painter.setLayoutDirection(option.direction)  # the list's, not the application's
        for text in self.texts(option, row):
            if text.part == "tag":
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(SELF_SERVICE_TAG)
                painter.drawRoundedRect(text.cell, 6, 6)
            self.draw(painter, text)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        # As wide as the list (the name elides, never scrolls); the gap is part of the cell, so
        # the first row starts at the list's top edge and 1024x600 keeps three whole rows.
        return QSize(1, ROW_HEIGHT + ROW_GAP)


def _tag_font(font: QFont) -> QFont:
    """The "beboer" pill's: bold, a step smaller than the row's, to sit under the time."""
    small = _scaled(font, TAG_SCALE)
    small.setBold(True)
    return small


def _scaled(font: QFont, scale: float) -> QFont:
    scaled = QFont(font)
    if scaled.pointSizeF() > 0:
        scaled.setPointSizeF(scaled.pointSizeF() * scale)
    else:
        scaled.setPixelSize(round(scaled.pixelSize() * scale))
    return scaled


def _advance(font: QFont, text: str) -> int:
    return QFontMetrics(font).horizontalAdvance(text)


class UndoOverlay(QFrame):
    """A dimmed layer over ``host`` with the question in the middle; the layout underneath
    is not touched, so the header and the list keep their exact place."""

    def __init__(self, host: QWidget):
        super().__init__(host)
        self.setObjectName("undoOverlay")
        self.card = with_name(QFrame(), "undoBar")
        self.text = with_name(WrappedLabel(), "undoText")
        self.undo_button = with_name(
            QPushButton(theme.icon("undo"), self.tr("Angre")), "undoConfirm"
        )
        self.undo_button.setIconSize(QSize(40, 40))
        self.cancel_button = with_name(QPushButton(self.tr("Behold")), "undoCancel")
        card = QVBoxLayout(self.card)
        card.setContentsMargins(24, 20, 24, 20)
        card.setSpacing(20)
        card.addWidget(self.text)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.cancel_button, 1)
        buttons.addWidget(self.undo_button, 1)
        card.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.card.setFixedWidth(560)
        host.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent_of(self).rect())
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:
        # Dim what is underneath: it is still there, unmoved, but not what to tap now.
        QPainter(self).fillRect(self.rect(), BACKDROP)

    def mousePressEvent(self, _event: QMouseEvent) -> None:
        # A tap beside the question keeps the row (the safe answer) and never reaches the
        # tiles or keys underneath.
        self.cancel_button.click()

    def open(self, question: str) -> None:
        self.text.setText(question)
        self.setGeometry(parent_of(self).rect())
        self.raise_()
        self.show()


class RowList(QListWidget):
    """A list whose rows act on a tap only where they are drawn and wholly in view.

    Kinetic scrolling rests at any pixel, so some row is nearly always cut by an edge; a
    tap on it would open the undo question for a row the guide cannot read. Refusing the
    tap holds at every scroll position and window height, where sizing the list to whole
    rows would hold only at rest at the top; the cut row still shows there is more.
    """

    row_tapped = Signal(QListWidgetItem)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._released_at = QPoint(-1, -1)
        # Qt's click already needs the press and the release on one row (QScroller replays
        # the press on its own terms); what it lacks is where on the row the finger lifted.
        self.itemClicked.connect(self._clicked)

    def body(self, item: QListWidgetItem) -> QRect:
        return row_body(self.visualItemRect(item))

    def row_at(self, pos: QPoint) -> QListWidgetItem | None:
        """The row drawn under ``pos`` if it is wholly in view; None in a gap or on a cut row."""
        item = self.itemAt(pos)
        if item is None:
            return None
        body = self.body(item)
        return item if body.contains(pos) and self.viewport().rect().contains(body) else None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._released_at = event.position().toPoint()
        super().mouseReleaseEvent(event)  # emits itemClicked

    def _clicked(self, item: QListWidgetItem) -> None:
        if self.row_at(self._released_at) is item:
            self.row_tapped.emit(item)


class TodayList(QWidget):
    undo_confirmed = Signal(str)

    def __init__(
        self,
        catalogue: Catalogue,
        overlay_host: QWidget | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._catalogue = catalogue
        self._pending: str | None = None
        self.list = with_name(RowList(), "todayList")
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A finger scrolls it (below); a scrollbar would only take the names' room, and the
        # next row showing in part says there is more.
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setUniformItemSizes(True)
        self.delegate = RowDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        # A finger (or a mouse-emulating touchscreen) drags the list with momentum; a drag
        # never becomes a tap on a row.
        QScroller.grabGesture(
            self.list.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self.list.row_tapped.connect(self._offer_undo)
        self.overlay = UndoOverlay(overlay_host or self)
        self.undo_bar = self.overlay  # the question, shown over everything
        self.undo_text = self.overlay.text
        self.undo_button = self.overlay.undo_button
        self.cancel_button = self.overlay.cancel_button
        self.undo_button.clicked.connect(self._confirm_undo)
        self.cancel_button.clicked.connect(self.close_undo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """Names and pictograms from now on come from ``catalogue``; re-show the rows to apply."""
        self._catalogue = catalogue

    def show_deposits(self, deposits: list[SavedDeposit]) -> None:
        self.list.clear()
        for deposit in deposits:
            self.list.addItem(self._item(deposit))
        self.close_undo()

    def add_deposit(self, deposit: SavedDeposit) -> None:
        """Put a just-saved deposit on top, keeping the list as long as a re-read would be."""
        self.list.insertItem(0, self._item(deposit))
        while self.list.count() > ROW_LIMIT:
            self.list.takeItem(self.list.count() - 1)
        self.close_undo()

    def row(self, deposit: SavedDeposit) -> Row:
        category = self._catalogue.get(deposit.category)
        name = staff_name(category) if category else deposit.category
        weight = f"{format_kg(deposit.weight_g)} kg"
        if deposit.weight_source == WeightSource.SCALE_STABLE:
            weight += " ⚖"
        if deposit.direction == "out":
            # In words, not an arrow: a row handed out must not read like one brought in.
            name = self.tr("Ut: %1").replace("%1", name)
        if deposit.undone:
            name += " " + self.tr("(angret)")
        tag = self.tr("beboer") if deposit.channel == Channel.SELF_SERVICE else ""
        when = deposit.recorded_at.astimezone(OSLO).strftime("%H:%M")
        return Row(when, name, weight, tag, deposit.undone)

    def _item(self, deposit: SavedDeposit) -> QListWidgetItem:
        row = self.row(deposit)
        # The plain text is what tests, screen readers and the undo question read.
        text = "  ".join(part for part in (row.time, row.tag, row.name, row.weight) if part)
        item = QListWidgetItem(text)
        item.setData(ID_ROLE, deposit.id)
        item.setData(ROW_ROLE, row)
        if deposit.undone:
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        return item

    def _offer_undo(self, item: QListWidgetItem) -> None:
        if not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        self._pending = item.data(ID_ROLE)
        self.overlay.open(self.tr("Angre «%1»?").replace("%1", item.text()))

    def _confirm_undo(self) -> None:
        deposit_id = self._pending
        self.close_undo()
        if deposit_id:
            self.undo_confirmed.emit(deposit_id)

    def close_undo(self) -> None:
        self._pending = None
        self.overlay.hide()
