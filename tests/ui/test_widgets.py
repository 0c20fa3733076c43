"""The resident screens' building blocks: a pictogram button keeps its words whole, and a
restyled label lays out with the padding it paints with."""

from PySide6.QtWidgets import QApplication, QLabel, QLayout, QVBoxLayout, QWidget

from kiosk.ui import theme
from kiosk.ui.selfservice.widgets import ICON_FLOOR_PX, PictoButton
from tests.helpers.layout import clipped_text, settle

LONG = "Waxyaabo ayaan qaadanayaa"  # Somali "I take things": two lines on a big button


def _button(qtbot, height: int) -> tuple[QWidget, PictoButton]:
    """A big choice button, shown in a window ``height`` px tall (the window keeps it alive)."""
    theme.apply(QApplication.instance())
    holder = QWidget()
    qtbot.addWidget(holder)
    button = PictoButton("take", LONG, icon_px=160, object_name="bigChoice")
    button.setMinimumHeight(240)  # as on the attract screen, which shares out its height
    layout = QVBoxLayout(holder)
    layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    layout.addWidget(button)
    holder.resize(560, height)
    with qtbot.waitExposed(holder):  # a call alone returns a context and waits for nothing
        holder.show()
    settle(holder)
    return holder, button


def test_the_pictogram_gives_way_to_a_label_that_wraps(qtbot) -> None:
    _, roomy = _button(qtbot, 420)
    assert roomy.picture.pixmap().height() == 160  # room for both: the full pictogram
    assert clipped_text(roomy.label) is None
    _, tight = _button(qtbot, 200)  # at its least (240 px), 160 px of picture would cut the label
    assert clipped_text(tight.label) is None
    assert ICON_FLOOR_PX <= tight.picture.pixmap().height() < 160


def test_without_giving_way_the_label_is_cut(qtbot) -> None:
    """The planted fault: the same tight button with its pictogram held at full size."""
    holder, tight = _button(qtbot, 200)
    tight._fit_icon = lambda: None  # type: ignore[method-assign]
    tight._shown_px = 160
    tight._show_icon()
    settle(holder)
    assert clipped_text(tight.label) is not None


def test_a_restyled_label_lays_out_with_its_new_padding(qtbot) -> None:
    theme.apply(QApplication.instance())
    label = QLabel("Stengt nå", objectName="openingText")
    qtbot.addWidget(label)
    label.show()
    before = label.contentsMargins().top()
    label.setProperty("usable", False)  # the theme's closed message: 32 px of padding
    theme.restyle(label)
    assert label.contentsMargins().top() > before
