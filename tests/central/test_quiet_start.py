"""Central's embedded default starts without warnings on stderr: a new user reads them as errors."""

import subprocess
import sys


def test_building_the_app_without_oidc_prints_nothing(tmp_path) -> None:
    code = (
        "from central.main import create_app; from central.core.config import Settings; "
        f"create_app(Settings(db_url='sqlite:///{tmp_path}/c.sqlite3', data_dir='{tmp_path}'))"
    )
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr, done.stderr
