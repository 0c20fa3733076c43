"""The service's environment file (systemd's EnvironmentFile=), read by the CLI too.

So `kiosk-central report` run by hand uses the same database and secret as the service.
"""

import os
import shlex
from dataclasses import dataclass
from pathlib import Path

# Where docs/deploy-central.md installs it and deploy/central/kiosk-central.service reads it.
DEFAULT_ENV_FILE = Path("/etc/kiosk-central/env")
ENV_FILE_VAR = "KIOSK_CENTRAL_ENV_FILE"


class EnvFileError(Exception):
    """The environment file is named (or installed) but cannot be read."""


@dataclass(frozen=True)
class Environment:
    """The variables central reads: the file's, overridden by the process's own."""

    values: dict[str, str]
    source: Path | None  # the file read, or None when there was none


def parse(text: str) -> dict[str, str]:
    """KEY=VALUE lines as systemd reads them: # and ; comments, optional quotes."""
    values = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise EnvFileError(f"line {number} is not KEY=VALUE")
        value = value.strip()
        if value[:1] in ("'", '"'):
            value = " ".join(shlex.split(value))
        values[key.strip()] = value
    return values


def load(explicit: Path | None, environ: dict[str, str] | None = None) -> Environment:
    """The file named by --env-file, else $KIOSK_CENTRAL_ENV_FILE, else the installed default
    if it exists; a file that is named or installed but unreadable is an error, never skipped."""
    env = dict(os.environ if environ is None else environ)
    named = explicit or (Path(env[ENV_FILE_VAR]) if env.get(ENV_FILE_VAR) else None)
    path = named or DEFAULT_ENV_FILE
    if named is None and not path.exists():
        return Environment(values=env, source=None)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise EnvFileError(f"no environment file at {path}") from None
    except PermissionError:
        raise EnvFileError(
            f"cannot read {path} (the service's settings, readable by its user only): "
            f"run as the service user, e.g. `sudo -u kiosk-central kiosk-central ...`"
        ) from None
    except OSError as exc:  # a folder, a broken disk: named, never a traceback
        raise EnvFileError(f"cannot read {path}: {exc.strerror}") from None
    return Environment(values={**parse(text), **env}, source=path)
