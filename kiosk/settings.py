"""Every kiosk setting, declared once with its type and default, read from settings.toml.

Keys of earlier releases are upgraded first (kiosk.settings_upgrade); truly unknown keys and
wrong types are refused by name, so a typo is a clear error at start-up, never ignored.
"""

import dataclasses
import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any, get_type_hints

from contract.records import NOTE_MAX
from contract.updates import UpdateChannel
from kiosk import settings_upgrade
from kiosk.domain.hours import PILOT_HOURS, OpeningHours


@dataclass(frozen=True, slots=True)
class Settings:
    station_id: str = "trosterud"
    station_name: str = "Minigjenbruksstasjon Trosterud"
    language: str = "nb"
    max_weight_g: int = 200_000
    opening_hours: dict[str, str] = field(default_factory=lambda: dict(PILOT_HOURS))
    # The weighing scale (docs/scale.md). "none" keeps the numpad as the only way to weigh.
    scale_driver: str = "none"  # one of SCALE_DRIVERS
    scale_port: str = ""  # /dev/ttyUSB0, a /dev/serial/by-id/... path, or COM3
    scale_baud: int = 9600
    scale_xonxoff: bool = False
    scale_poll_interval_s: float = 0.2
    scale_timeout_s: float = 1.0  # longest wait for one answer before "disconnected"
    scale_reconnect_interval_s: float = 2.0
    # Resident self-service: a half-finished flow is dropped after this long without a touch.
    idle_timeout_s: int = 60
    # How long the thank-you screen stays before the kiosk returns to rest by itself.
    thanks_timeout_s: int = 8
    # The guide's PIN: this many wrong tries lock entry for pin_lockout_s, doubling each time.
    pin_max_tries: int = 5
    pin_lockout_s: int = 30
    # The guide's screen locks itself (back to the attract screen) after this long untouched.
    guide_lock_after_s: int = 600
    # Sync to central (docs/DESIGN.md): nightly at this Oslo time, and this long after a
    # registration while online; offline, reachability is checked with growing gaps.
    sync_nightly_at: str = "02:00"
    sync_after_registration_s: int = 30
    # One attempt gives up after this long without reaching central; the next comes later.
    sync_give_up_after_s: int = 20
    # REG's own CA (a PEM file): when set, central's certificate must chain to it and to
    # nothing else; empty trusts the system's store. Either way an unverified central is refused.
    central_ca_file: str = ""
    # Tokens and codes must not cross a network in cleartext: http:// central URLs are refused
    # unless a lab (or a loopback test) says so here.
    allow_insecure_http: bool = False
    # Signed updates of the kiosk itself (docs/updates.md): REG's TUF repository, empty for
    # none, and the channel this kiosk follows ("stable", or "pilot" for release candidates).
    update_url: str = ""
    update_channel: str = "stable"
    # The reuse partners (reuse shops) the guide sends items on to, one tile each on the
    # guide's "Til ombrukspartner" page; the name is stored with the flow.
    reuse_partners: list[str] = field(default_factory=lambda: ["Fretex"])

    @property
    def hours(self) -> OpeningHours:
        return OpeningHours.parse(self.opening_hours)

    @property
    def nightly_at(self) -> time:
        return time.fromisoformat(self.sync_nightly_at)


SCALE_DRIVERS = ("none", "mtsics", "simulated")
UPDATE_CHANNELS = tuple(channel.value for channel in UpdateChannel)
_POSITIVE = (
    "max_weight_g",
    "scale_baud",
    "scale_poll_interval_s",
    "scale_timeout_s",
    "scale_reconnect_interval_s",
    "idle_timeout_s",
    "thanks_timeout_s",
    "pin_max_tries",
    "pin_lockout_s",
    "guide_lock_after_s",
    "sync_after_registration_s",
    "sync_give_up_after_s",
)


class SettingsError(ValueError):
    """The settings file says something the kiosk cannot use."""


def from_mapping(values: dict[str, Any], *, origin: str = "settings") -> Settings:
    try:
        values = settings_upgrade.upgrade(values, origin=origin)
    except settings_upgrade.SettingsVersionError as exc:
        raise SettingsError(str(exc)) from exc
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    types = get_type_hints(Settings)
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise SettingsError(f"{origin}: unknown setting(s) {', '.join(unknown)}")
    checked = dict(values)
    for name, value in values.items():
        expected = types[name]
        expected = getattr(expected, "__origin__", expected)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            checked[name] = float(value)  # TOML's `1` means 1.0 for a float setting
            continue
        if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            raise SettingsError(f"{origin}: {name} must be {expected.__name__}, not {value!r}")
    settings = Settings(**checked)
    for name in _POSITIVE:
        if not getattr(settings, name) > 0:  # written so that nan is refused too
            raise SettingsError(f"{origin}: {name} must be positive, not {getattr(settings, name)}")
    if settings.scale_driver not in SCALE_DRIVERS:
        raise SettingsError(
            f"{origin}: scale_driver must be one of {', '.join(SCALE_DRIVERS)}, "
            f"not {settings.scale_driver!r}"
        )
    if settings.scale_driver == "mtsics" and not settings.scale_port:
        raise SettingsError(f"{origin}: scale_driver mtsics needs scale_port (e.g. /dev/ttyUSB0)")
    try:
        settings.hours  # noqa: B018 - parse now so a bad spec fails at start-up
    except ValueError as exc:
        raise SettingsError(f"{origin}: opening_hours: {exc}") from exc
    try:
        settings.nightly_at  # noqa: B018
    except ValueError as exc:
        raise SettingsError(
            f"{origin}: sync_nightly_at must be HH:MM, not {settings.sync_nightly_at!r}"
        ) from exc
    if settings.update_channel not in UPDATE_CHANNELS:
        raise SettingsError(
            f"{origin}: update_channel must be one of {', '.join(UPDATE_CHANNELS)}, "
            f"not {settings.update_channel!r}"
        )
    if not settings.reuse_partners or not all(
        isinstance(p, str) and p.strip() and len(p) <= NOTE_MAX for p in settings.reuse_partners
    ):
        raise SettingsError(
            f"{origin}: reuse_partners must be a list of names (at most {NOTE_MAX} characters), "
            f"not {settings.reuse_partners!r}"
        )
    if settings.central_ca_file:
        import ssl  # here: only a kiosk with its own CA pays for it before the first frame

        try:
            ssl.create_default_context(cafile=settings.central_ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise SettingsError(
                f"{origin}: central_ca_file {settings.central_ca_file!r} is not a readable "
                f"PEM certificate file ({exc})"
            ) from exc
    return settings


def load(path: Path, *, upgrade_file: bool = True) -> Settings:
    """Settings from a TOML file; the defaults when it does not exist. An earlier release's
    file is upgraded once and rewritten (``upgrade_file``; False only reads it, as the
    rescue export does)."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return Settings()
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{path}: not a UTF-8 text file ({exc.reason})") from exc
    except OSError as exc:
        raise SettingsError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from exc
    if upgrade_file:
        try:
            values = settings_upgrade.upgrade_file(path, text, values)
        except settings_upgrade.SettingsVersionError as exc:
            raise SettingsError(str(exc)) from exc
    return from_mapping(values, origin=str(path))
