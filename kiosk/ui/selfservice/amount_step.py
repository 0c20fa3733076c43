"""Step 2: how many items and how big, or the scale's reading when a scale is attached.

With a scale, "Put it on the scale" switches to its live reading; only a stable weight
lets the resident go on, and "Count instead" goes back to count and size (an estimate).
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.catalogue import Category
from kiosk.domain.sizes import MAX_COUNT, Size
from kiosk.scale import Reading, ReadingState
from kiosk.ui.languages import Languages, weight_text
from kiosk.ui.qtypes import with_name
from kiosk.ui.selfservice.widgets import (
    TOUCH_MIN,
    PictoButton,
    StepBar,
    Translated,
    compact,
)

SIZE_ICON_PX = 112
# A held "+" starts repeating only after a press longer than any tap, even a slow gloved
# one (about half a second), then counts about four a second: slow enough to see each
# step and let go on the one wanted (a person stops a motion some 250 ms after seeing).
AUTO_REPEAT_DELAY_MS = 600
AUTO_REPEAT_INTERVAL_MS = 250
SIZE_ICONS = {Size.SMALL: "size_small", Size.MEDIUM: "size_medium", Size.LARGE: "size_large"}


class AmountStep(Translated):
    amount_chosen = Signal()
    back_requested = Signal()

    def __init__(self, languages: Languages, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("amountStep")
        self._languages = languages
        self.count = 1
        self.scale_grams: int | None = None
        self._scale_connected = True
        self._category: Category | None = None
        self.bar = StepBar("scale")
        self.bar.back_clicked.connect(self.back_requested)

        self.count_title = with_name(QLabel(wordWrap=True), "question")
        self.minus = with_name(QPushButton("−"), "stepper")
        self.plus = with_name(QPushButton("+"), "stepper")
        # The left-to-right mark keeps "+10" from reading "10+" in a right-to-left layout.
        self.plus_ten = with_name(QPushButton("\u200e+10"), "stepper")
        self.count_label = with_name(QLabel("1", alignment=Qt.AlignmentFlag.AlignCenter), "count")
        self.count_label.setMinimumWidth(TOUCH_MIN + 20)
        for button, step in ((self.minus, -1), (self.plus, 1), (self.plus_ten, 10)):
            button.setMinimumSize(TOUCH_MIN + 40, TOUCH_MIN + 20)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, step=step: self._set_count(self.count + step))
        # Thirty books: hold "+" (or "−") and the count runs on, or jump ten at a time.
        for button in (self.minus, self.plus):
            button.setAutoRepeat(True)
            button.setAutoRepeatDelay(AUTO_REPEAT_DELAY_MS)
            button.setAutoRepeatInterval(AUTO_REPEAT_INTERVAL_MS)
        counter = QHBoxLayout()
        counter.setSpacing(16)
        counter.addWidget(self.minus)
        counter.addWidget(self.count_label)
        counter.addWidget(self.plus)
        counter.addSpacing(16)
        counter.addWidget(self.plus_ten)
        counter.addStretch(1)

        self.size_title = with_name(QLabel(wordWrap=True), "question")
        self._sizes = QButtonGroup(self)
        self.size_buttons: dict[Size, PictoButton] = {}
        sizes = QHBoxLayout()
        sizes.setSpacing(16)
        for size, icon in SIZE_ICONS.items():
            button = PictoButton(icon, icon_px=SIZE_ICON_PX, object_name="sizeChoice")
            button.setCheckable(True)
            self._sizes.addButton(button)
            self.size_buttons[size] = button
            sizes.addWidget(button, 1)

        self.manual = QWidget()
        manual = QGridLayout(self.manual)
        manual.setContentsMargins(0, 0, 0, 0)
        manual.setVerticalSpacing(16)
        manual.setHorizontalSpacing(24)
        # Each question beside its answer, not above it: two rows of words fewer in height,
        # so the size pictograms get the room (and a 1024x600 screen fits it all).
        manual.addWidget(self.count_title, 0, 0)
        manual.addLayout(counter, 0, 1)
        manual.addWidget(self.size_title, 1, 0)
        manual.addLayout(sizes, 1, 1)
        manual.setColumnStretch(0, 1)
        manual.setColumnStretch(1, 3)
        manual.setRowStretch(1, 1)

        self.scale_label = with_name(QLabel(wordWrap=True), "scaleReading")
        self.scale_label.hide()
        self.use_scale = PictoButton("scale", icon_px=56, vertical=False, object_name="sizeChoice")
        self.use_scale.clicked.connect(self.watch_scale)
        self.use_scale.hide()
        self.count_instead = PictoButton(
            "size_medium", icon_px=56, vertical=False, object_name="sizeChoice"
        )
        self.count_instead.clicked.connect(self.stop_watching_scale)
        self.count_instead.hide()
        self._scale_available = False
        self._watching = False
        self.next = PictoButton("confirm", icon_px=48, vertical=False, object_name="next")
        self.next.setMinimumHeight(TOUCH_MIN + 16)
        self.next.clicked.connect(self.amount_chosen)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 0, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(self.bar)
        layout.addWidget(self.manual, 1)
        layout.addWidget(self.scale_label, 1)
        layout.addWidget(self.use_scale)
        layout.addWidget(self.count_instead)
        layout.addWidget(self.next)
        languages.language_changed.connect(self.retranslate)
        self.reset()

    def reset(self) -> None:
        """A fresh amount: one medium item, no scale reading."""
        self._set_count(1)
        self.size_buttons[Size.MEDIUM].setChecked(True)
        self.stop_watching_scale()

    def resizeEvent(self, event: QResizeEvent) -> None:
        for button in self.size_buttons.values():
            button.set_icon_px(64 if compact(self) else SIZE_ICON_PX)
        super().resizeEvent(event)

    def show_category(self, category: Category) -> None:
        """The step names and shows the category chosen, so the resident sees what they count."""
        self._category = category
        self.bar.set_icon(category.icon)
        self.retranslate()

    def set_scale_available(self, available: bool) -> None:
        self._scale_available = available
        self.use_scale.setVisible(available and not self._watching)

    def watch_scale(self) -> None:
        """Switch to the scale: Next waits for a stable weight."""
        self._watching = True
        self.show_scale_reading(None)

    def stop_watching_scale(self) -> None:
        self._watching = False
        self.show_scale_reading(None)

    def show_reading(self, reading: Reading) -> None:
        """A live reading from the scale feed; used only while the resident chose the scale."""
        if self._watching and reading.weight_for_saving != self.scale_grams:
            self.show_scale_reading(reading.weight_for_saving)
        self._scale_connected = reading.state != ReadingState.DISCONNECTED
        if self._watching and self.scale_grams is None:
            self.retranslate()

    def chosen_size(self) -> Size:
        for size, button in self.size_buttons.items():
            if button.isChecked():
                return size
        return Size.MEDIUM

    def show_scale_reading(self, grams: int | None) -> None:
        """A stable reading replaces count and size; None waits for one (or counts, unwatched)."""
        self.scale_grams = grams if grams and grams > 0 else None
        on_scale = self._watching or self.scale_grams is not None
        self.manual.setVisible(not on_scale)
        self.scale_label.setVisible(on_scale)
        self.use_scale.setVisible(self._scale_available and not on_scale)
        self.count_instead.setVisible(on_scale)
        self.next.setEnabled(not on_scale or self.scale_grams is not None)
        self.retranslate()

    def _set_count(self, count: int) -> None:
        self.count = max(1, min(MAX_COUNT, count))
        self.count_label.setText(str(self.count))
        self.minus.setEnabled(self.count > 1)
        self.plus.setEnabled(self.count < MAX_COUNT)
        self.plus_ten.setEnabled(self.count < MAX_COUNT)

    def retranslate(self) -> None:
        if self._category is not None:
            self.bar.title.setText(self._category.name(self._languages.current))
        else:
            self.bar.title.setText(self.tr("Hvor mye?"))
        self.count_title.setText(self.tr("Hvor mange ting?"))
        self.size_title.setText(self.tr("Hvor store er de?"))
        self.size_buttons[Size.SMALL].setText(self.tr("Små"))
        self.size_buttons[Size.MEDIUM].setText(self.tr("Middels"))
        self.size_buttons[Size.LARGE].setText(self.tr("Store"))
        #: Screen-reader name of the − button: one item fewer.
        self.minus.setAccessibleName(self.tr("Færre"))
        #: Screen-reader name of the + button: one item more.
        self.plus.setAccessibleName(self.tr("Flere"))
        #: Screen-reader name of the +10 button: ten items more (agreeing with the word for item).
        self.plus_ten.setAccessibleName(self.tr("Ti flere"))
        self.next.setText(self.tr("Neste"))
        self.use_scale.setText(self.tr("Legg på vekten"))
        self.count_instead.setText(self.tr("Tell i stedet"))
        if self.scale_grams is not None:
            kg = weight_text(self.scale_grams, self._languages.current)
            self.scale_label.setText(self.tr("Vekten viser %1 kg.").replace("%1", kg))
        elif not self._scale_connected:
            self.scale_label.setText(self.tr("Vekten er ikke tilkoblet. Tell tingene i stedet."))
        else:
            self.scale_label.setText(
                self.tr("Legg tingene på vekten og vent til tallet står stille.")
            )
