"""Today's registrations, newest first; tapping one offers to undo it after a confirmation."""

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.db.deposits import SavedDeposit
from kiosk.domain.catalogue import Catalogue
from kiosk.domain.hours import OSLO
from kiosk.domain.kinds import WeightSource
from kiosk.domain.weights import format_kg
from kiosk.ui import theme

ID_ROLE = Qt.ItemDataRole.UserRole
ROW_LIMIT = 200


class WrappedLabel(QLabel):
    """A word-wrapping label that does not ask its layout for height-for-width.

    A wrapping QLabel makes the whole column use height-for-width layout, which then
    ignores the numpad's minimum height and paints the list over the keys.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.setWordWrap(True)

    def hasHeightForWidth(self) -> bool:
        return False


class TodayList(QWidget):
    undo_confirmed = Signal(str)

    def __init__(self, catalogue: Catalogue, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._catalogue = catalogue
        self._language = language
        self.list = QListWidget(objectName="todayList")
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setMinimumHeight(64)  # one row, even on a 600 px tall screen
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setIconSize(QSize(32, 32))
        # A finger drags the list; a tap still selects a row.
        QScroller.grabGesture(self.list.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.list.itemClicked.connect(self._offer_undo)
        self.undo_bar = QFrame(objectName="undoBar")
        self.undo_text = WrappedLabel()
        self.undo_button = QPushButton(
            theme.icon("undo"), self.tr("Angre"), objectName="undoConfirm"
        )
        self.cancel_button = QPushButton(self.tr("Behold"), objectName="undoCancel")
        self.undo_button.clicked.connect(self._confirm_undo)
        self.cancel_button.clicked.connect(self.close_undo)
        bar = QVBoxLayout(self.undo_bar)
        bar.addWidget(self.undo_text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.undo_button)
        bar.addLayout(buttons)
        self.undo_bar.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(objectName="feedback")
        self.title.setFixedHeight(48)
        self.error = WrappedLabel(objectName="error")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.mousePressEvent = lambda _event: self.show_title()  # a tap dismisses it
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.error)
        self.show_title()
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.undo_bar)

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """Names and pictograms from now on come from ``catalogue``; re-show the rows to apply."""
        self._catalogue = catalogue

    def show_title(self) -> None:
        """The list with its own title: the resting state after a message."""
        self._set_title(self.tr("I dag – trykk for å angre"), state="title")
        self.stack.setCurrentWidget(self.list)

    def show_saved(self, text: str) -> None:
        """A short confirmation on the title line; the new row is visible just below."""
        self._set_title(text, state="saved")
        self.stack.setCurrentWidget(self.list)

    def show_error(self, text: str) -> None:
        """A refusal, large and in place of the list, until the next tap or a timeout."""
        self.title.hide()  # the message needs the room on a 600 px tall screen
        self.error.setText(text)
        self.stack.setCurrentWidget(self.error)

    def _set_title(self, text: str, *, state: str) -> None:
        self.title.show()
        self.title.setText(text)
        self.title.setProperty("state", state)
        theme.restyle(self.title)

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

    def _item(self, deposit: SavedDeposit) -> QListWidgetItem:
        category = self._catalogue.get(deposit.category)
        name = category.name(self._language) if category else deposit.category
        when = deposit.recorded_at.astimezone(OSLO).strftime("%H:%M")
        arrow = "  ↑" if deposit.direction == "out" else ""
        weighed = "  ⚖" if deposit.weight_source == WeightSource.SCALE_STABLE else ""
        item = QListWidgetItem(f"{when}  {name}  {format_kg(deposit.weight_g)} kg{weighed}{arrow}")
        item.setData(ID_ROLE, deposit.id)
        if category:
            item.setIcon(theme.icon(category.icon))
        if deposit.undone:
            font = QFont(item.font())
            font.setStrikeOut(True)
            item.setFont(font)
            item.setText(item.text() + "  " + self.tr("(angret)"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        return item

    def _offer_undo(self, item: QListWidgetItem) -> None:
        self._pending = item.data(ID_ROLE)
        self.undo_text.setText(self.tr("Angre «%1»?").replace("%1", item.text()))
        self.undo_bar.show()

    def _confirm_undo(self) -> None:
        deposit_id = self._pending
        self.close_undo()
        if deposit_id:
            self.undo_confirmed.emit(deposit_id)

    def close_undo(self) -> None:
        self._pending: str | None = None
        self.undo_bar.hide()
        self.list.clearSelection()
