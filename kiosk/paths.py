"""Where the kiosk keeps its files: explicit folder, then KIOSK_DATA_DIR, then platformdirs."""

import os
from dataclasses import dataclass
from pathlib import Path

from kiosk import APP_NAME

APP_AUTHOR = "REG"
ENV_DATA_DIR = "KIOSK_DATA_DIR"


@dataclass(frozen=True, slots=True)
class Paths:
    data: Path
    config: Path
    logs: Path

    @property
    def database(self) -> Path:
        return self.data / "kiosk.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.toml"

    @property
    def pin_file(self) -> Path:
        return self.data / "guide_pin.scrypt"

    @property
    def cache(self) -> Path:
        """Files the kiosk can rebuild, such as compiled translations."""
        return self.data / "cache"

    def ensure(self) -> "Paths":
        for folder in (self.data, self.config, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resolve(explicit: str | os.PathLike[str] | None = None) -> Paths:
    """Resolve every folder once. With an explicit or KIOSK_DATA_DIR folder, all live inside it."""
    base = explicit or os.environ.get(ENV_DATA_DIR)
    if base:
        root = Path(base).expanduser().resolve()
        return Paths(data=root, config=root, logs=root / "logs")
    import platformdirs  # only when no folder was given: keeps tests and start-up lean

    dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR)
    return Paths(
        data=Path(dirs.user_data_dir),
        config=Path(dirs.user_config_dir),
        logs=Path(dirs.user_log_dir),
    )
