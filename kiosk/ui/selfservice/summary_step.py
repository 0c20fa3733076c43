"""Step 3: what will be saved, in words and pictograms; confirm saves it, back changes it."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.domain.catalogue import Category
from kiosk.domain.kinds import Direction
from kiosk.domain.sizes import Size
from kiosk.ui.languages import Languages, weight_text
from kiosk.ui.qtypes import with_name
from kiosk.ui.selfservice.amount_step import SIZE_ICONS
from kiosk.ui.selfservice.widgets import TOUCH_MIN, PictoButton, StepBar, Translated, pixmap


class SummaryStep(Translated):
    confirmed = Signal()
    back_requested = Signal()

    def __init__(self, languages: Languages, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("summaryStep")
        self._languages = languages
        self._draft: tuple[Direction, Category, int, Size | None, int] | None = None
        self.bar = StepBar("confirm")
        self.bar.back_clicked.connect(self.back_requested)
        self.direction_icon = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.category_icon = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.size_icon = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.what = with_name(QLabel(wordWrap=True), "summaryWhat")
        self.amount = with_name(QLabel(wordWrap=True), "summaryAmount")
        self.confirm = PictoButton("confirm", icon_px=64, vertical=False, object_name="confirmBig")
        self.confirm.setMinimumHeight(TOUCH_MIN + 40)
        self.confirm.clicked.connect(self._confirm_clicked)
        pictures = QHBoxLayout()
        pictures.setSpacing(32)
        pictures.addStretch(1)
        for picture in (self.direction_icon, self.category_icon, self.size_icon):
            pictures.addWidget(picture)
        pictures.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 0, 16, 16)
        layout.setSpacing(16)
        layout.addWidget(self.bar)
        layout.addStretch(1)
        layout.addLayout(pictures)
        layout.addWidget(self.what)
        layout.addWidget(self.amount)
        layout.addStretch(1)
        layout.addWidget(self.confirm)
        languages.language_changed.connect(self.retranslate)
        self.retranslate()

    def show_draft(
        self, direction: Direction, category: Category, count: int, size: Size | None, grams: int
    ) -> None:
        """Show what confirm will save; ``size`` is None when the scale gave the weight."""
        self._draft = (Direction(direction), category, count, size, grams)
        # Enabled again only for a new draft: a double tap in gloves must not save twice.
        self.confirm.setEnabled(True)
        self.direction_icon.setPixmap(pixmap("leave" if direction == Direction.IN else "take", 120))
        self.category_icon.setPixmap(pixmap(category.icon, 120))
        self.size_icon.setPixmap(pixmap(SIZE_ICONS[size] if size else "scale", 120))
        self.retranslate()

    def _confirm_clicked(self) -> None:
        self.confirm.setEnabled(False)
        self.confirmed.emit()

    def retranslate(self) -> None:
        self.bar.title.setText(self.tr("Stemmer dette?"))
        self.confirm.setText(self.tr("Ja, registrer"))
        if self._draft is None:
            return
        direction, category, count, size, grams = self._draft
        language = self._languages.current
        name = category.name(language)
        if direction == Direction.IN:
            self.what.setText(self.tr("Du legger igjen: %1").replace("%1", name))
        else:
            self.what.setText(self.tr("Du tar med deg: %1").replace("%1", name))
        kg = weight_text(grams, language)
        if size is None:
            self.amount.setText(self.tr("Vekt: %1 kg").replace("%1", kg))
        else:
            # Counts go through Qt's plural forms (%n): "1 ting", "2 ting"; Arabic has six.
            sizes = {Size.SMALL: self.tr("%n små ting", "", count),
                     Size.MEDIUM: self.tr("%n middels store ting", "", count),
                     Size.LARGE: self.tr("%n store ting", "", count)}  # fmt: skip
            self.amount.setText(
                self.tr("%1, omtrent %2 kg").replace("%1", sizes[size]).replace("%2", kg)
            )
