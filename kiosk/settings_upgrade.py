"""Settings files written by an earlier release still start this one, upgraded once.

One table of changes, in the manner of Picard's config upgrade hooks: each change belongs to
a settings version; a renamed key is moved to its new name and a retired one is dropped,
with a line in the log. The file records the version whose changes have run
(``settings_version``): an upgraded file is rewritten once (comments kept, the earlier file
kept beside it), so the next start neither re-runs nor warns. Only a key that no release
ever had stops start-up (kiosk.settings refuses it).
"""

import json
import logging
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk import atomic

log = logging.getLogger(__name__)
VERSION_KEY = "settings_version"


@dataclass(frozen=True, slots=True)
class Change:
    """One key an earlier release had: ``renamed_to`` its new name, or retired when None.
    ``version`` is the settings version that made the change."""

    key: str
    renamed_to: str | None
    why: str
    convert: Callable[[Any], Any] = lambda value: value
    version: int = 1


CHANGES: tuple[Change, ...] = (
    Change(
        "device_id",
        None,
        "the device id is bound to the database (kiosk.sqlite3) since issue 9, so a "
        "reinstalled kiosk can never reuse its sequence numbers; the setting is ignored",
        version=1,
    ),
)
# The settings version this release writes: its newest change's.
CURRENT = max(change.version for change in CHANGES)


class SettingsVersionError(ValueError):
    """``settings_version`` is not a whole number."""


def stored_version(values: dict[str, Any], origin: str = "settings") -> int:
    """The version whose changes have run on ``values``: 0 for a file without one."""
    version = values.get(VERSION_KEY, 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise SettingsVersionError(
            f"{origin}: {VERSION_KEY} must be a whole number, not {version!r}"
        )
    return version


def upgrade(
    values: dict[str, Any],
    *,
    origin: str = "settings",
    changes: tuple[Change, ...] = CHANGES,
) -> dict[str, Any]:
    """``values`` without ``settings_version``, with each change newer than it applied, one
    log line each (the file itself is left as it is: see ``upgrade_file``)."""
    upgraded, notes = _applied(values, origin, changes)
    for note in notes:
        log.warning("%s: %s; %s", origin, note.what, note.edit)
    return upgraded


def upgrade_file(
    path: Path,
    text: str,
    values: dict[str, Any],
    *,
    changes: tuple[Change, ...] = CHANGES,
) -> dict[str, Any]:
    """Run the changes newer than the file's version once: rewrite ``path`` with them and
    the new version (the earlier file kept as ``<name>.v<old version>``), then return the
    values as ``upgrade`` does. A file that cannot be rewritten is upgraded in memory, and
    the next start tries again."""
    origin = str(path)
    current = _current(changes)
    version = stored_version(values, origin)
    if version >= current:
        return upgrade(values, origin=origin, changes=changes)
    upgraded, notes = _applied(values, origin, changes)
    new_text = _rewritten(text, values, changes, version, current)
    saved = new_text is not None and _parsed(new_text) == {**upgraded, VERSION_KEY: current}
    if new_text is not None and saved:
        try:
            mode = path.stat().st_mode & 0o777  # as the technician left it
            atomic.write(path.with_name(f"{path.name}.v{version}"), text.encode("utf-8"), mode=mode)
            atomic.write(path, new_text.encode("utf-8"), mode=mode)
        except OSError as exc:
            saved = False
            log.warning("%s: cannot be rewritten (%s)", origin, exc.strerror or exc)
    for note in notes:
        log.warning("%s: %s; %s", origin, note.what, "the file is updated" if saved else note.edit)
    if saved:
        log.info("%s: upgraded from settings version %d to %d", origin, version, current)
    else:
        log.warning("%s: upgraded for this start only; the next start tries again", origin)
    return upgraded


@dataclass(frozen=True, slots=True)
class _Note:
    what: str  # what changed
    edit: str  # what to do to the file by hand, if the kiosk did not


def _current(changes: tuple[Change, ...]) -> int:
    return max((c.version for c in changes), default=0)


def _applied(
    values: dict[str, Any], origin: str, changes: tuple[Change, ...]
) -> tuple[dict[str, Any], list[_Note]]:
    current = _current(changes)
    version = stored_version(values, origin)
    upgraded = dict(values)
    upgraded.pop(VERSION_KEY, None)
    notes: list[_Note] = []
    if version > current:
        # A newer release wrote it (e.g. before an update was rolled back): read as it is.
        notes.append(
            _Note(
                f"settings version {version} is newer than this release's {current}",
                "it is read as it is, and a key this release does not know stops start-up",
            )
        )
        return upgraded, notes
    for change in changes:
        if change.version <= version or change.key not in upgraded:
            continue
        value = upgraded.pop(change.key)
        if change.renamed_to is None:
            notes.append(
                _Note(
                    f"setting {change.key} is retired ({change.why})",
                    "remove it from the file",
                )
            )
        elif change.renamed_to in upgraded:
            notes.append(
                _Note(
                    f"setting {change.key} was renamed {change.renamed_to}, and both are set; "
                    f"{change.renamed_to} wins ({change.why})",
                    f"remove {change.key} from the file",
                )
            )
        else:
            upgraded[change.renamed_to] = change.convert(value)
            notes.append(
                _Note(
                    f"setting {change.key} is now called {change.renamed_to} ({change.why})",
                    "rename it in the file",
                )
            )
    return upgraded, notes


def _parsed(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _rewritten(
    text: str, values: dict[str, Any], changes: tuple[Change, ...], version: int, current: int
) -> str | None:
    """``text`` with the changes newer than ``version`` made to its lines (comments and the
    rest kept) and ``settings_version = current`` at the top; None where a value cannot be
    written back."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    present = set(values)
    for change in changes:
        if change.version <= version or change.key not in present:
            continue
        span = _key_lines(lines, change.key)
        if span is None:
            return None
        start, end = span
        present.discard(change.key)
        if change.renamed_to is None or change.renamed_to in present:
            note = f"# Retired in settings version {change.version}: {change.why}.\n"
            lines[start:end] = [note, *(f"# {line}" for line in lines[start:end])]
        else:
            value = _toml_value(change.convert(values[change.key]))
            if value is None:
                return None
            present.add(change.renamed_to)
            lines[start:end] = [f"{change.renamed_to} = {value}\n"]
    stamp = (
        f"{VERSION_KEY} = {current}  # the upgrades up to it have run (kiosk.settings_upgrade)\n"
    )
    span = _key_lines(lines, VERSION_KEY)
    if span is None:
        lines.insert(0, stamp)
    else:
        lines[span[0] : span[1]] = [stamp]
    return "".join(lines)


def _key_lines(lines: list[str], key: str) -> tuple[int, int] | None:
    """The lines ``[start, end)`` holding top-level ``key = value`` (a value may span lines)."""
    pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
    for start, line in enumerate(lines):
        if line.lstrip().startswith("["):
            return None  # a table: the top-level keys are all above it
        if pattern.match(line):
            for end in range(start + 1, len(lines) + 1):
                if _parsed("".join(lines[start:end])) is not None:
                    return start, end
            return None
    return None


def _toml_value(value: Any) -> str | None:
    """``value`` as TOML, for the plain types a setting has (JSON's forms of them are TOML's)."""
    plain = (str, int, float, bool)
    if isinstance(value, plain) or (
        isinstance(value, list) and all(isinstance(v, plain) for v in value)
    ):
        return json.dumps(value, ensure_ascii=False)
    return None
