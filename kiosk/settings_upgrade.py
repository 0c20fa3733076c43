"""Settings files written by an earlier release still start this one.

One table of changes, in the manner of Picard's config upgrade hooks: a renamed key is moved
to its new name and a retired one is dropped, each with a line in the log saying what to
edit. Only a key that no release ever had stops start-up (kiosk.settings refuses it).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Change:
    """One key an earlier release had: ``renamed_to`` its new name, or retired when None."""

    key: str
    renamed_to: str | None
    why: str
    convert: Callable[[Any], Any] = lambda value: value


CHANGES: tuple[Change, ...] = (
    Change(
        "device_id",
        None,
        "the device id is bound to the database (kiosk.sqlite3) since issue 9, so a "
        "reinstalled kiosk can never reuse its sequence numbers; the setting is ignored",
    ),
)


def upgrade(
    values: dict[str, Any], *, origin: str = "settings", changes: tuple[Change, ...] = CHANGES
) -> dict[str, Any]:
    """``values`` with every earlier release's key moved or dropped; logs one line each."""
    upgraded = dict(values)
    for change in changes:
        if change.key not in upgraded:
            continue
        value = upgraded.pop(change.key)
        if change.renamed_to is None:
            log.warning(
                "%s: setting %s is retired (%s); remove it from the file",
                origin,
                change.key,
                change.why,
            )
        elif change.renamed_to in upgraded:
            log.warning(
                "%s: setting %s was renamed %s, and both are set; %s wins (%s)",
                origin,
                change.key,
                change.renamed_to,
                change.renamed_to,
                change.why,
            )
        else:
            upgraded[change.renamed_to] = change.convert(value)
            log.warning(
                "%s: setting %s is now called %s (%s); rename it in the file",
                origin,
                change.key,
                change.renamed_to,
                change.why,
            )
    return upgraded
