"""`kiosk sync` says what it waits for as it goes, instead of silence until it gives up."""

import subprocess
import sys
from pathlib import Path

from tests.helpers.kiosk_data import pending_toward_nowhere

REPO = Path(__file__).resolve().parents[2]


def test_sync_command_reports_each_retry_while_central_is_unreachable(data_dir: Path) -> None:
    pending_toward_nowhere(data_dir)
    command = [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "sync"]
    process = subprocess.Popen(
        [*command, "--max-wait", "3"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        retry = process.stdout.readline()  # comes before the summary, as it happens
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait(timeout=10)
    assert first.startswith("sending 3 pending records to http://127.0.0.1:9")
    assert "up to 3 s (--max-wait)" in first
    assert retry.startswith("central unreachable (") and "retrying in" in retry
    assert "pending 3" in out
    assert "offline" in err
    assert process.returncode == 1
