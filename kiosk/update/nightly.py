"""When the kiosk looks for, stages and switches to a new version: only while the station is
closed, never in front of a resident, and only when started by the launcher (which is what
makes a switch and a rollback possible)."""

import json
import logging
import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk import __version__, atomic
from kiosk.domain.hours import OpeningHours
from kiosk.paths import Paths
from kiosk.settings import Settings
from kiosk.update.channel import Channel, Unreachable, check_and_stage
from kiosk.update.install import Install, UpdateResult

log = logging.getLogger(__name__)

# deploy/kiosk-launch sets it; a kiosk started any other way (a developer, a test, the
# technician's USB copy) has no A/B folder to stage into and never updates itself.
INSTALL_DIR_ENV = "KIOSK_INSTALL_DIR"
CHECK_EVERY = timedelta(hours=12)


def installed() -> Install | None:
    root = os.environ.get(INSTALL_DIR_ENV)
    return Install(Path(root)) if root else None


def closed(hours: OpeningHours, now: datetime) -> bool:
    """Closed to everyone: not in opening hours (a self-service station's night included,
    since the restart itself waits for the attract screen too)."""
    return not hours.is_open(now)


Report = Callable[[dict[str, Any]], str | None]


def stage_if_due(
    *,
    paths: Paths,
    settings: Settings,
    hours: OpeningHours,
    now: datetime,
    report: Report | None = None,
) -> UpdateResult | None:
    """In the nightly window of a closed station: fetch, verify, self-test and stage.

    ``report`` tells central what runs, what is staged and how the last update went, and
    answers the channel central says to follow (None: keep ``update_channel``). It is
    called when that changed or a check is due, so an idle pass stays one round trip.
    """
    install = installed()
    if install is None or not settings.update_url:
        return None
    channel = _report(install, paths, report) or settings.update_channel
    if not closed(hours, now):
        return None
    if not install.trusted_root.is_file():
        log.warning("updates: %s has no root.json; see docs/updates.md", install.root)
        return None
    # Once a night is enough: a self-service station's closed passes come every 30 s.
    stamp = paths.data / "updates" / "checked"
    try:
        last = datetime.fromisoformat(stamp.read_text(encoding="utf-8").strip())
        if timedelta(0) <= now - last < CHECK_EVERY:
            return None
    except (FileNotFoundError, ValueError, TypeError):
        pass
    atomic.write(stamp, now.isoformat().encode(), mode=0o644)
    try:
        result = check_and_stage(
            install=install,
            work_dir=paths.data / "updates",
            data_dir=paths.data,
            channel=Channel(settings.update_url, channel),
            # The launcher's word is the truth on a kiosk PC; the app's own, elsewhere.
            current_version=install.current or __version__,
        )
    except Unreachable as exc:
        log.info("updates: repository not reached (%s); trying again tomorrow", exc)
        return None
    if result is not None and result.outcome != "staged":
        log.warning("updates: %s %s: %s", result.version, result.outcome, result.reason)
    if result is not None:
        _report(install, paths, report)
    return result


def _report(install: Install, paths: Paths, report: Report | None) -> str | None:
    """Send the install's state if it changed since last sent; the channel central answers
    (kept, so a pass that sends nothing still knows it)."""
    if report is None:
        return None
    last = install.last_result()
    body = {
        "running_version": install.current or __version__,
        "staged_version": install.staged,
        "last": last.as_dict() if last else None,
    }
    sent, channel_file = paths.data / "updates" / "reported", paths.data / "updates" / "channel"
    text = json.dumps(body, sort_keys=True)
    try:
        if sent.read_text(encoding="utf-8") == text:
            return channel_file.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        pass
    channel = report(body)
    if channel is not None:
        atomic.write(channel_file, channel.encode(), mode=0o644)
        atomic.write(sent, text.encode(), mode=0o644)
    return channel


def switch_if_staged(
    *, hours: OpeningHours, now: datetime, resident_idle: bool, store: Path | None = None
) -> str | None:
    """Put a staged version in force if the station is closed and nobody is at the screen;
    the caller then ends the app and the launcher starts the new version on trial."""
    install = installed()
    if install is None or install.staged is None or not resident_idle or not closed(hours, now):
        return None
    version = install.switch(store)
    install.record(version, "switched", f"from {__version__} at a closed restart")
    log.info("updates: switching to %s; restarting", version)
    return version


def first_frame_reached() -> None:
    """The app is up: a version on trial passed (the launcher stops counting its starts)."""
    install = installed()
    if install is not None and install.mark_up():
        log.info("updates: version %s is up; trial over", __version__)
