"""The backup `kiosk-central migrate` takes before it changes the schema: the way back.

PostgreSQL through pg_dump (custom format, for pg_restore); SQLite through its backup API.
Written under a temporary name and renamed, so a cut-short copy is never taken for a backup.
"""

import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import make_url

from central.core import clock
from central.core.secret import private_folder
from central.db import DatabaseError


def take_snapshot(url: str, *, folder: Path, label: str) -> Path:
    """Copy the database at ``url`` into ``folder``; returns the finished file."""
    parsed = make_url(url)
    stamp = clock.now().strftime("%Y-%m-%dT%H%M%SZ")
    private_folder(folder)
    if parsed.get_backend_name() == "sqlite":
        final = folder / f"central-{stamp}-{label}.sqlite3"
        partial = final.with_name(f".{final.name}.partial")
        source = sqlite3.connect(f"file:{parsed.database}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(partial)
            with target:
                source.backup(target)
            target.close()
        finally:
            source.close()
    else:
        final = folder / f"central-{stamp}-{label}.dump"
        partial = final.with_name(f".{final.name}.partial")
        # libpq's own URI: the same user, host, socket and database as central's URL.
        options = parsed.query.get("options", "")
        libpq = parsed.set(drivername="postgresql").difference_update_query(["options"])
        command = ["pg_dump", "--format=custom", f"--file={partial}"]
        schema = str(options).removeprefix("-csearch_path=") if options else ""
        if schema:
            command.append(f"--schema={schema}")
        command.append(f"--dbname={libpq.render_as_string(hide_password=False)}")
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            partial.unlink(missing_ok=True)
            raise DatabaseError(
                f"the backup before migrating failed, nothing was migrated: {done.stderr.strip()}"
            )
    partial.rename(final)
    return final
