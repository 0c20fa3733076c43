"""The composition root: folders, settings, store and scale, opened one way for the app,
every CLI command and the self-test. The station central enrolled this kiosk at wins everywhere.

The store's side (SQLAlchemy, the sync metadata) is imported by the methods that open it, so
the window can paint its first frame from the folders and settings alone (docs/DESIGN.md).
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kiosk.paths import Paths, resolve
from kiosk.settings import Settings, load

if TYPE_CHECKING:  # pyserial and the drivers only when a scale is used; SQLAlchemy on opening
    from kiosk.db.store import Store
    from kiosk.domain.hours import OpeningHours
    from kiosk.scale import ScaleReader


class SetupError(Exception):
    """A folder or file the kiosk needs is unusable; the message says what to do."""


def check_central_url(url: str, settings: Settings, settings_file: Path | None = None) -> str:
    """``url`` if the kiosk may talk to it: https, or http only with allow_insecure_http.
    ``settings_file`` is named in the refusal, so a technician knows which file to edit."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "https" or (scheme == "http" and settings.allow_insecure_http):
        return url
    if scheme == "http":
        where = settings_file or "settings.toml"
        raise SetupError(
            f"refusing {url}: plain http would send the device token in cleartext; use "
            f"https://, or for a lab set allow_insecure_http = true in {where}"
        )
    raise SetupError(f"central's URL must start with https://, not {url!r}")


def folders(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """Resolve the folders and make the data and config folders; SetupError if unusable.
    (The log folder may fail: kiosk.logs then writes to stderr.)"""
    paths = resolve(data_dir)
    for folder in (paths.data, paths.config):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise SetupError(
                f"{folder} is a file, but the kiosk keeps its data in a folder there; "
                "move the file away, or pass --data-dir"
            ) from None
        except OSError as exc:
            raise SetupError(
                f"cannot make the folder {folder} ({exc.strerror or exc}); "
                "check the disk and its permissions, or pass --data-dir"
            ) from exc
    return paths


@dataclass(frozen=True, slots=True)
class Kiosk:
    """What every entry point starts from. ``open_store`` may be called again to recover."""

    paths: Paths
    settings: Settings

    @classmethod
    def load(
        cls, data_dir: str | os.PathLike[str] | None = None, *, read_only: bool = False
    ) -> "Kiosk":
        """Resolve (and make) the folders and read settings.toml, upgraded once (not written
        when ``read_only``); SettingsError names a bad key, SetupError an unusable folder."""
        paths = folders(data_dir)
        return cls(paths, load(paths.settings_file, upgrade_file=not read_only))

    def open_store(self, *, enrolling: bool = False, checked: bool = False) -> "Store":
        """Open and migrate the store, with central's newest catalogue and enrolled station.

        A database that is gone while a device token is there, or a token enrolled for
        another database, is refused (StorageError): a fresh store would restart the seq
        under an id central does not expect. ``enrolling`` allows both: enrolment replaces
        the token. ``checked``: the file was checked at this kiosk's start (Store.open).
        """
        from kiosk.db.errors import StorageError
        from kiosk.db.store import Store, set_meta
        from kiosk.domain.catalogue import load_default
        from kiosk.sync.enrolment import (
            META_TOKEN_SHA256,
            TokenError,
            adopt_central_state,
            token_fingerprint,
        )
        from kiosk.sync.outbox import META_CENTRAL_URL

        try:
            token = None if enrolling else self.token()
        except TokenError as exc:
            raise StorageError("token_unreadable", detail=str(exc)) from exc
        store = Store.open(
            self.paths.database,
            station_id=self.settings.station_id,
            catalogue=load_default(),
            max_weight_g=self.settings.max_weight_g,
            create=token is None,
            checked=checked,
        )
        bound = store.meta(META_TOKEN_SHA256)
        if token is not None and bound is None and store.meta(META_CENTRAL_URL):
            # Enrolled by a release before the fingerprint: bind the token it has now.
            set_meta(store, {META_TOKEN_SHA256: token_fingerprint(token)})
        elif token is not None and bound is not None and bound != token_fingerprint(token):
            store.close()
            raise StorageError(
                "token_other_device",
                detail=f"{self.paths.data / 'device_token'} was not issued to device "
                f"{store.device_id} of {self.paths.database}",
            )
        return adopt_central_state(store)

    def open_store_read_only(self) -> "Store":
        """The store for reading only (``kiosk export``): nothing is written anywhere."""
        from kiosk.db.store import Store
        from kiosk.domain.catalogue import load_default
        from kiosk.sync.enrolment import adopt_central_state

        store = Store.open_read_only(
            self.paths.database,
            station_id=self.settings.station_id,
            catalogue=load_default(),
            max_weight_g=self.settings.max_weight_g,
        )
        return adopt_central_state(store)

    def hours(self, store: "Store") -> "OpeningHours":
        """The schedule in force: the last hours central sent for the station, else the
        settings file's, with the planned events central sent."""
        from kiosk.db.hours import in_force

        return in_force(store, self.settings.hours)

    def open_scale(self) -> "ScaleReader | None":
        """The reader for the configured scale, or None; the one place a driver is chosen."""
        from kiosk.scale import open_scale

        return open_scale(self.settings)

    def token(self) -> str | None:
        """The device token; TokenError when its file is unusable."""
        from kiosk.sync.enrolment import read_token

        return read_token(self.paths.data)

    @property
    def log_file(self) -> Path:
        from kiosk import logs

        return self.paths.logs / logs.FILE_NAME
