"""No log line, in the kiosk or central, holds a token, an enrolment code, a PIN or a record's
payload; central's refusals never echo the code; a database error names no parameters.

A full run over a real socket: set the PIN, a refused enrolment, an enrolment, a reused code,
a sync with a record central refuses and one it takes, a sync with a wrong token. Every log
record (kiosk, central, uvicorn, httpx, SQLAlchemy, at DEBUG), the kiosk's log file and the
commands' output are then searched for each secret.
"""

import logging
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from central.db import make_engine as central_engine
from kiosk import logs
from kiosk.cli import main
from kiosk.composition import Kiosk
from kiosk.db.deposits import register_deposit
from kiosk.db.engine import make_engine as kiosk_engine
from kiosk.sync.enrolment import META_TOKEN_SHA256, token_fingerprint
from kiosk.sync.outbox import set_meta
from tests.helpers.servers import database_url, uvicorn_server
from tests.sync.conftest import LOOPBACK_SETTINGS, central_ids, issue_code, make_central

PIN = "739164"
UNKNOWN_CODE = "QX7Z3KP9WD"
WRONG_TOKEN = "wrong-token-5d41402abc4b2a76b9719d911017c592"
TAKEN_G, REFUSED_G = 31_337, 123_457  # weights no other number in a log can collide with


def leaks(haystack: str, secrets: dict[str, str]) -> list[str]:
    return [name for name, secret in secrets.items() if secret in haystack]


def test_the_leak_search_finds_a_planted_secret() -> None:
    line = f"INFO kiosk.sync: enrolled with token {WRONG_TOKEN}"
    assert leaks(line, {"token": WRONG_TOKEN, "pin": PIN}) == ["token"]


def test_a_full_run_logs_no_token_code_pin_or_payload(
    tmp_path: Path,
    data_dir: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    central = make_central(f"sqlite:///{tmp_path / 'central.sqlite3'}", max_weight_g=50_000)
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.toml").write_text(LOOPBACK_SETTINGS)
    kiosk = Kiosk.load(data_dir)
    logs.configure(kiosk.paths.logs, level=logging.DEBUG)
    args = ["--data-dir", str(data_dir)]
    try:
        with uvicorn_server(central) as url:
            code = issue_code(central)
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr("sys.stdin", __import__("io").StringIO(PIN + "\n"))
                assert main([*args, "set-pin", "--stdin"]) == 0
            assert main([*args, "enrol", url, UNKNOWN_CODE]) == 1
            assert main([*args, "enrol", url, code]) == 0
            assert main([*args, "enrol", url, code]) == 1  # used
            token = (data_dir / "device_token").read_text()
            store = kiosk.open_store()
            try:
                refused = register_deposit(store=store, category="wood", weight_g=REFUSED_G)
                taken = register_deposit(store=store, category="metal", weight_g=TAKEN_G)
            finally:
                store.close()
            main([*args, "sync", "--max-wait", "30"])  # non-zero: one record is quarantined
            # A token central does not know, bound to this database so the kiosk sends it.
            (data_dir / "device_token").write_text(WRONG_TOKEN)
            store = kiosk.open_store(enrolling=True)
            set_meta(store, {META_TOKEN_SHA256: token_fingerprint(WRONG_TOKEN)})
            register_deposit(store=store, category="wood", weight_g=TAKEN_G)
            store.close()
            assert main([*args, "sync", "--max-wait", "30"]) != 0  # 401: enrol again
    finally:
        logs.close()  # detaches and closes the file handler configure() opened
    out = capsys.readouterr()
    assert "already been used" in out.err  # the refusals really happened
    kiosk_log = "".join(p.read_text("utf-8") for p in kiosk.paths.logs.glob("kiosk.log*"))
    assert f"registered deposit {taken.id}" in kiosk_log
    assert f"registered deposit {refused.id}" in kiosk_log
    assert central_ids(central) == [taken.id]  # the other was refused (422) and quarantined
    secrets = {
        "token": token,
        "wrong token": WRONG_TOKEN,
        "enrolment code": code,
        "unknown code": UNKNOWN_CODE,
        "PIN": PIN,
        "payload (weight)": str(TAKEN_G),
        "payload (refused weight)": str(REFUSED_G),
        "payload (JSON)": '"weight_g"',
    }
    for where, haystack in {
        "log records": caplog.text,
        "kiosk.log": kiosk_log,
        "command output": out.out + out.err,
    }.items():
        assert leaks(haystack, secrets) == [], f"{where} hold a secret"
    central.state.engine.dispose()


@pytest.mark.parametrize("code", [UNKNOWN_CODE, "X" * 40])
def test_a_refused_enrolment_does_not_echo_the_code(tmp_path: Path, code: str) -> None:
    central = make_central(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    try:
        with uvicorn_server(central) as url:
            answer = httpx.post(
                f"{url}/api/v1/enrol",
                json={"code": code, "device_id": "01936f3e-0000-7000-8000-000000000001"},
                timeout=10,
            )
    finally:
        central.state.engine.dispose()
    assert answer.status_code in (403, 422)
    assert code not in answer.text


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_central_database_errors_name_no_parameters(tmp_path: Path, kind: str) -> None:
    with database_url(kind, tmp_path) as url:
        engine = central_engine(url)
        try:
            with pytest.raises(DBAPIError) as caught, engine.connect() as conn:
                conn.execute(text("SELECT no_such_column WHERE 1 = :token"), {"token": WRONG_TOKEN})
        finally:
            engine.dispose()
    assert WRONG_TOKEN not in str(caught.value)
    assert "parameters hidden" in str(caught.value)


def test_kiosk_storage_errors_name_no_parameters(tmp_path: Path) -> None:
    engine = kiosk_engine(tmp_path / "k.sqlite3")
    try:
        with pytest.raises(DBAPIError) as caught, engine.connect() as conn:
            conn.execute(text("SELECT no_such_column WHERE 1 = :pin"), {"pin": PIN})
    finally:
        engine.dispose()
    assert PIN not in str(caught.value) and "parameters hidden" in str(caught.value)
