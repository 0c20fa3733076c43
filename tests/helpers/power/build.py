"""Compile the LD_PRELOAD shim with gcc once per source version (cached in the temp folder)."""

import hashlib
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

SOURCE = Path(__file__).with_name("shim.c")


@cache
def shim_path() -> Path:
    """The compiled shim; RuntimeError if gcc is missing (scripts/bootstrap installs it)."""
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"kiosk-power-shim-{digest}.so"
    if target.exists():
        return target
    gcc = shutil.which("gcc")
    if gcc is None:
        raise RuntimeError("gcc is needed to build the power-cut shim (scripts/bootstrap)")
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    subprocess.run(
        [gcc, "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-o", str(tmp), str(SOURCE), "-ldl"],
        check=True,
        timeout=120,
    )
    os.replace(tmp, target)  # another process may build the same file at the same time
    return target
