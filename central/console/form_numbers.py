"""The one way a console form's number is read: ASCII digits within stated bounds, else
``Invalid`` naming the field. Every count and weight a form sends goes through it."""

import re
from typing import Any

from central.errors import Invalid

# ASCII digits only: "²".isdigit() is true, but int("²") raises.
_DIGITS = re.compile(r"[0-9]{1,10}")


def form_int(form: Any, name: str, *, low: int, high: int, label: str | None = None) -> int:
    """The whole number in field ``name`` of ``form``, within ``low..high``.

    ``label`` names the field in the message when the form's own name means little to staff
    (``c3_default_weight_g`` is "wood: default_weight_g")."""
    value = form.get(name, "")
    text = value.strip() if isinstance(value, str) else ""
    if not _DIGITS.fullmatch(text) or not low <= int(text) <= high:
        raise Invalid(
            "invalid_form", f"{label or name}: must be a whole number within {low}..{high}"
        )
    return int(text)
