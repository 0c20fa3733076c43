"""No tracebacks (issue 9, findings 6 and 7): every way the kiosk's files can be wrong gives
the app and each command one message a technician can act on, and a non-zero exit; the
database is never replaced or written before the problem is reported; `kiosk export`, the
rescue path, still works from a read-only disk.

Each case runs the real `kiosk` program in a child process, so what a technician would see
on the terminal (stderr) is what is checked. A read-only disk is a real read-only bind mount
in a private mount namespace when the tests run as root (permission bits do not stop root).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.composition import Kiosk
from kiosk.db.deposits import register_deposit
from kiosk.sync import outbox
from kiosk.sync.enrolment import META_TOKEN_SHA256, token_fingerprint, write_token

REPO = Path(__file__).resolve().parents[1]
COMMANDS = {
    "sync": ["sync", "--max-wait", "1"],
    "export": ["export", "--to", "{usb}"],
    "enrol": ["enrol", "https://central.invalid", "ABCD-EFGH-JK"],
    "app": [],
}


def kiosk(data: Path, *args: str, read_only: Path | None = None) -> subprocess.CompletedProcess:
    return run_read_only([sys.executable, "-m", "kiosk", "--data-dir", str(data), *args], read_only)


def run_read_only(argv: list[str], read_only: Path | None) -> subprocess.CompletedProcess:
    """Run ``argv`` with ``read_only`` (if given) on a read-only disk."""
    if read_only is not None:
        if os.geteuid() == 0:
            if shutil.which("unshare") is None:
                pytest.fail("running as root needs unshare(1) to make a read-only disk")
            folder = str(read_only)
            script = (
                f'mount --bind "{folder}" "{folder}" && '
                f'mount -o remount,ro,bind "{folder}" "{folder}" && exec "$@"'
            )
            argv = ["unshare", "-m", "sh", "-c", script, "sh", *argv]
        else:
            read_only.chmod(0o555)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=REPO, env=env)


def command(name: str, tmp_path: Path) -> list[str]:
    return [part.replace("{usb}", str(tmp_path / "usb")) for part in COMMANDS[name]]


def assert_one_message(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def seeded(data: Path, *, enrolled: bool = True, records: int = 3) -> str:
    """A kiosk folder with ``records`` deposits, enrolled (URL, station, token); its device id."""
    store = Kiosk.load(data).open_store(enrolling=True)
    try:
        for _ in range(records):
            register_deposit(store=store, category="wood", weight_g=1000)
        if enrolled:
            write_token(data, "token-of-this-kiosk")
            outbox.set_meta(
                store,
                {
                    META_TOKEN_SHA256: token_fingerprint("token-of-this-kiosk"),
                    outbox.META_CENTRAL_URL: "https://central.invalid",
                    outbox.META_STATION: "trosterud",
                },
            )
        return store.device_id
    finally:
        store.close()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_broken_settings_file(name: str, data_dir: Path, tmp_path: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "settings.toml").write_text("station_id = \n", "utf-8")
    assert_one_message(kiosk(data_dir, *command(name, tmp_path)), "settings.toml")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_data_folder_is_a_file(name: str, data_dir: Path, tmp_path: Path) -> None:
    data_dir.write_text("not a folder")
    assert_one_message(kiosk(data_dir, *command(name, tmp_path)), "is a file")
    assert data_dir.read_text() == "not a folder"


@pytest.mark.parametrize("content", ["folder", b"\x00\xff\xfe binary"])
@pytest.mark.parametrize("name", ["sync", "enrol"])
def test_the_token_file_is_a_folder_or_binary(
    name: str, content: str | bytes, data_dir: Path, tmp_path: Path
) -> None:
    seeded(data_dir)
    token = data_dir / "device_token"
    token.unlink()
    if content == "folder":
        token.mkdir()
    else:
        token.write_bytes(content)  # type: ignore[arg-type]
    done = kiosk(data_dir, *command(name, tmp_path))
    if name == "enrol" and content != "folder":
        # Enrolment replaces a garbled token; here it gets as far as the (absent) central.
        assert_one_message(done, "enrolment failed")
    else:
        assert_one_message(done, "device_token")


def test_export_still_works_beside_a_broken_token(data_dir: Path, tmp_path: Path) -> None:
    seeded(data_dir)
    (data_dir / "device_token").unlink()
    (data_dir / "device_token").mkdir()
    done = kiosk(data_dir, *command("export", tmp_path))
    assert done.returncode == 0, done.stderr
    assert "exported 3 records" in done.stdout


def test_export_works_from_a_read_only_folder(data_dir: Path, tmp_path: Path) -> None:
    seeded(data_dir)
    done = kiosk(data_dir, *command("export", tmp_path), read_only=data_dir)
    assert done.returncode == 0, done.stderr
    assert "exported 3 records" in done.stdout
    assert "Traceback" not in done.stderr
    assert "logging to stderr instead" in done.stderr  # said once, then it goes on


def test_sync_from_a_read_only_folder_says_so(data_dir: Path, tmp_path: Path) -> None:
    seeded(data_dir)
    before = (data_dir / "kiosk.sqlite3").read_bytes()
    done = kiosk(data_dir, *command("sync", tmp_path), read_only=data_dir)
    assert_one_message(done, "kiosk sync:")
    assert (data_dir / "kiosk.sqlite3").read_bytes() == before


@pytest.mark.parametrize(("content", "word"), [(b"", "tom"), (b"GIF89a....", "ikke en database")])
def test_sync_refuses_an_emptied_or_foreign_database_and_keeps_it(
    content: bytes, word: str, data_dir: Path, tmp_path: Path
) -> None:
    seeded(data_dir)
    database = data_dir / "kiosk.sqlite3"
    database.write_bytes(content)
    done = kiosk(data_dir, *command("sync", tmp_path))
    assert_one_message(done, word)
    assert database.read_bytes() == content  # not replaced by a fresh database
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith("kiosk.sqlite3")) == [
        "kiosk.sqlite3"
    ]


def test_sync_reports_overwritten_pages_before_writing_anything(
    data_dir: Path, tmp_path: Path
) -> None:
    seeded(data_dir, records=300)
    database = data_dir / "kiosk.sqlite3"
    with database.open("r+b") as file:
        file.seek(4096 * 2)
        file.write(b"\xde\xad\xbe\xef" * 2048)
    before = database.read_bytes()
    done = kiosk(data_dir, *command("sync", tmp_path))
    assert_one_message(done, "skadet")
    assert database.read_bytes() == before


def test_a_lost_database_is_not_silently_replaced_while_a_token_remains(
    data_dir: Path, tmp_path: Path
) -> None:
    seeded(data_dir)
    (data_dir / "kiosk.sqlite3").unlink()
    done = kiosk(data_dir, *command("sync", tmp_path))
    assert_one_message(done, "finnes ikke")
    assert not (data_dir / "kiosk.sqlite3").exists()


def test_a_token_of_another_device_is_refused(data_dir: Path, tmp_path: Path) -> None:
    seeded(data_dir)
    (data_dir / "device_token").write_text("token-of-another-kiosk", "ascii")
    done = kiosk(data_dir, *command("sync", tmp_path))
    assert_one_message(done, "hører til forskjellige kiosker")


def test_http_is_refused_unless_the_lab_setting_allows_it(data_dir: Path, tmp_path: Path) -> None:
    data_dir.mkdir(parents=True)
    done = kiosk(data_dir, "enrol", "http://127.0.0.1:9", "ABCD-EFGH-JK")
    # The refusal names the very file to edit, so a technician need not look it up.
    assert_one_message(done, "cleartext", "allow_insecure_http", str(data_dir / "settings.toml"))
    (data_dir / "settings.toml").write_text("allow_insecure_http = true\n", "utf-8")
    done = kiosk(data_dir, "enrol", "http://127.0.0.1:9", "ABCD-EFGH-JK")
    assert_one_message(done, "enrolment failed")  # allowed: it tried, and nothing listens


APP_ON_READ_ONLY_DISK = """
import sys
from PySide6.QtWidgets import QApplication
from kiosk import logs
from kiosk.composition import Kiosk
from kiosk.ui.app import build_window
app = QApplication([])
kiosk = Kiosk.load(sys.argv[1])
logs.configure(kiosk.paths.logs)
window = build_window(kiosk, sync=False)
print(window.stack.currentWidget().objectName())
print(window.error_screen.text.text())
"""


def test_the_app_on_a_read_only_disk_shows_the_storage_screen(data_dir: Path) -> None:
    seeded(data_dir)
    shutil.rmtree(data_dir / "logs", ignore_errors=True)  # as on a first start
    before = (data_dir / "kiosk.sqlite3").read_bytes()
    argv = [sys.executable, "-c", APP_ON_READ_ONLY_DISK, str(data_dir)]
    done = run_read_only(argv, data_dir)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    screen, message = done.stdout.splitlines()[:2]
    assert screen == "storageErrorScreen"
    assert "kan bare leses" in message or "kan ikke åpnes" in message
    assert "logging to stderr instead" in done.stderr
    assert (data_dir / "kiosk.sqlite3").read_bytes() == before


def test_a_store_enrolled_before_the_fingerprint_binds_its_token_at_the_next_start(
    data_dir: Path,
) -> None:
    from kiosk.db.errors import StorageError

    seeded(data_dir)
    store = Kiosk.load(data_dir).open_store()
    with store.write() as conn:  # as a store enrolled by the previous release looks
        conn.exec_driver_sql("DELETE FROM meta WHERE key = 'token_sha256'")
    store.close()
    Kiosk.load(data_dir).open_store().close()  # binds the token it finds
    (data_dir / "device_token").write_text("token-of-another-kiosk", "ascii")
    with pytest.raises(StorageError) as refused:
        Kiosk.load(data_dir).open_store()
    assert refused.value.kind == "token_other_device"
