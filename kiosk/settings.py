"""Every kiosk setting, declared once with its type and default, read from settings.toml.

Unknown keys and wrong types are refused by name, so a typo in the file is a clear
error at start-up rather than a silently ignored setting.
"""

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

from kiosk.domain.hours import PILOT_HOURS, OpeningHours


@dataclass(frozen=True, slots=True)
class Settings:
    station_id: str = "trosterud"
    station_name: str = "Minigjenbruksstasjon Trosterud"
    # Empty means: made once on first start and kept in the database (see kiosk.db.store).
    device_id: str = ""
    language: str = "nb"
    max_weight_g: int = 200_000
    opening_hours: dict[str, str] = field(default_factory=lambda: dict(PILOT_HOURS))

    @property
    def hours(self) -> OpeningHours:
        return OpeningHours.parse(self.opening_hours)


class SettingsError(ValueError):
    """The settings file says something the kiosk cannot use."""


def from_mapping(values: dict[str, Any], *, origin: str = "settings") -> Settings:
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    types = get_type_hints(Settings)
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise SettingsError(f"{origin}: unknown setting(s) {', '.join(unknown)}")
    for name, value in values.items():
        expected = types[name]
        expected = getattr(expected, "__origin__", expected)
        if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            raise SettingsError(f"{origin}: {name} must be {expected.__name__}, not {value!r}")
    settings = Settings(**values)
    if settings.max_weight_g <= 0:
        raise SettingsError(f"{origin}: max_weight_g must be positive, not {settings.max_weight_g}")
    try:
        settings.hours  # noqa: B018 - parse now so a bad spec fails at start-up
    except ValueError as exc:
        raise SettingsError(f"{origin}: opening_hours: {exc}") from exc
    return settings


def load(path: Path) -> Settings:
    """Settings from a TOML file; the defaults when it does not exist."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return Settings()
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from exc
    return from_mapping(values, origin=str(path))
