"""Text contrast in the theme: every text colour against its background is at least 4.5:1.

Computed from assets/theme.qss itself, so a colour change that hurts readability in
daylight through a container window fails here, not at the station.
"""

import re

import pytest

import assets

MIN_CONTRAST = 4.5
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_STATE = re.compile(r"(::?[\w-]+|\[[^\]]*\])+$")


def parse(qss: str) -> dict[str, dict[str, str]]:
    """Selector -> its declarations, with comma-separated selectors split apart."""
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in _RULE.findall(_COMMENT.sub("", qss)):
        declarations = {
            name.strip(): value.strip()
            for name, _, value in (d.partition(":") for d in body.split(";"))
            if value.strip()
        }
        for selector in selectors.split(","):
            rules.setdefault(" ".join(selector.split()), {}).update(declarations)
    return rules


def fallbacks(selector: str):
    """Where an undeclared colour comes from: the same widget without its state, then
    the enclosing widget's rule (the selector without its last part)."""
    while selector:
        yield selector
        base = _STATE.sub("", selector.split(" ")[-1])
        if base and base != selector.split(" ")[-1]:
            selector = " ".join([*selector.split(" ")[:-1], base])
        else:
            selector = " ".join(selector.split(" ")[:-1])


def resolve(rules, selector: str, names: tuple[str, ...], default: str) -> str:
    for candidate in fallbacks(selector):
        for name in names:
            value = rules.get(candidate, {}).get(name)
            if value and value != "transparent":  # transparent shows the enclosing colour
                return under_text(value)
    return default


def under_text(value: str) -> str:
    """A tile's gradient is its surface with a coloured strip at the foot, below the words:
    the words sit on its first stop."""
    if value.startswith("qlineargradient"):
        return re.search(r"stop:\s*0\s+(#[0-9A-Fa-f]{6})", value).group(1)
    return value


def luminance(colour: str) -> float:
    assert re.fullmatch(r"#[0-9A-Fa-f]{6}", colour), f"not a plain #RRGGBB colour: {colour}"
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


RULES = parse(assets.theme_qss())
TEXT_COLOUR = RULES["*"]["color"]
PAGE = RULES["QMainWindow"]["background"]
BACKGROUND = ("background", "background-color")
PAIRS = [
    (
        selector,
        resolve(RULES, selector, ("color",), TEXT_COLOUR),
        resolve(RULES, selector, BACKGROUND, PAGE),
    )
    for selector, declarations in RULES.items()
    if selector != "*" and ({"color", *BACKGROUND} & set(declarations))
]


def test_the_parser_sees_the_theme() -> None:
    assert len(PAIRS) > 40
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert ("#header QLabel", "#FFFFFF", "#1F2A36") in PAIRS


@pytest.mark.parametrize(("selector", "foreground", "background"), PAIRS)
def test_text_contrast_is_at_least_4_5(selector: str, foreground: str, background: str) -> None:
    ratio = contrast(foreground, background)
    assert ratio >= MIN_CONTRAST, f"{selector}: {foreground} on {background} is {ratio:.2f}:1"
