"""The composition root: folders, settings, store and scale, opened one way for the app,
every CLI command and the self-test. The station central enrolled this kiosk at wins everywhere.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.db.hours import load_hours
from kiosk.db.store import Store
from kiosk.domain.catalogue import load_default
from kiosk.domain.hours import OpeningHours
from kiosk.paths import Paths, resolve
from kiosk.settings import Settings, load
from kiosk.sync.enrolment import adopt_central_state, read_token

if TYPE_CHECKING:  # pyserial and the drivers only when a scale is used
    from kiosk.scale import ScaleReader


@dataclass(frozen=True, slots=True)
class Kiosk:
    """What every entry point starts from. ``open_store`` may be called again to recover."""

    paths: Paths
    settings: Settings

    @classmethod
    def load(cls, data_dir: str | os.PathLike[str] | None = None) -> "Kiosk":
        """Resolve (and make) the folders and read settings.toml; SettingsError names a bad key."""
        paths = resolve(data_dir).ensure()
        return cls(paths, load(paths.settings_file))

    def open_store(self) -> Store:
        """Open and migrate the store, with central's newest catalogue and enrolled station."""
        store = Store.open(
            self.paths.database,
            station_id=self.settings.station_id,
            device_id=self.settings.device_id,
            catalogue=load_default(),
            max_weight_g=self.settings.max_weight_g,
        )
        return adopt_central_state(store)

    def hours(self, store: Store) -> OpeningHours:
        """The hours in force: the last central sent for the station, else the settings file's."""
        return load_hours(store) or self.settings.hours

    def open_scale(self) -> "ScaleReader | None":
        """The reader for the configured scale, or None; the one place a driver is chosen."""
        from kiosk.scale import open_scale

        return open_scale(self.settings)

    def token(self) -> str | None:
        return read_token(self.paths.data)

    @property
    def log_file(self) -> Path:
        from kiosk import logs

        return self.paths.logs / logs.FILE_NAME
