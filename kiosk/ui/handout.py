"""The guide's "Ut" toggle: register a reuse item handed out (direction ``out``).

It applies only to reuse categories (residents can take reuse items; nothing else leaves
the station), is off unless the guide turns it on, and turns off after each registration,
so the guide's delivery path stays three taps plus digits.
"""

from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.domain.catalogue import Category
from kiosk.domain.kinds import Direction, Kind


class HandoutToggle(QPushButton):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Ut: ombruk levert ut"), parent)
        self.setObjectName("handout")
        self.setCheckable(True)
        self.setToolTip(self.tr("Ombruksgjenstand levert ut"))
        self.setMinimumSize(64, 64)
        self.setEnabled(False)

    def set_category(self, category: Category | None) -> None:
        """Follow the chosen category: only a reuse category can go out."""
        reuse = category is not None and category.kind == Kind.REUSE
        if not reuse:
            self.setChecked(False)
        self.setEnabled(reuse)

    def direction_for(self, category: Category | None) -> Direction:
        out = self.isChecked() and category is not None and category.kind == Kind.REUSE
        return Direction.OUT if out else Direction.IN

    def reset(self) -> None:
        self.setChecked(False)
