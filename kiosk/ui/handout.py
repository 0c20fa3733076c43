"""The guide's "Ut" toggle: register a reuse item handed out (direction ``out``).

A mode the guide sees: on, it is filled, the reuse tiles say "Ut" and every other tile is
disabled. It may be tapped before or after the reuse tile, and turns off after each
registration, so the guide's delivery path stays three taps plus digits.
"""

from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from kiosk.domain.catalogue import Category
from kiosk.domain.kinds import Direction, Kind
from kiosk.ui.theme import restyle


class HandoutToggle(QPushButton):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("handout")
        self.setCheckable(True)
        self.setToolTip(self.tr("Ombruksgjenstand levert ut"))
        self.setMinimumSize(64, 64)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.toggled.connect(self._show_state)
        self._show_state(False)

    def _show_state(self, on: bool) -> None:
        # On and off differ in words and in fill, not only in a border.
        self.setText(self.tr("✓ Ut: på") if on else self.tr("↑ Ut: levert ut"))
        self.setAccessibleName(self.tr("Ut: ombruk levert ut"))
        restyle(self)

    def direction_for(self, category: Category | None) -> Direction:
        out = self.isChecked() and category is not None and category.kind == Kind.REUSE
        return Direction.OUT if out else Direction.IN

    def reset(self) -> None:
        self.setChecked(False)
