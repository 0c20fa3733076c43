"""A database restored without its server secret is refused with a clear message (issue 22),
instead of central starting and answering every kiosk's token with a 401."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from central.cli import main
from central.core.config import Settings
from central.core.fingerprint import SecretMismatch
from central.main import create_app
from tests.central.conftest import enrol_kiosk


def test_another_secret_on_the_same_database_is_refused(
    central_settings: Settings, tmp_path: Path
) -> None:
    made = create_app(central_settings.model_copy(update={"secret": "the-backed-up-one"}))
    with TestClient(made, base_url="http://central") as api:
        kiosk = enrol_kiosk(made, api)
    made.state.engine.dispose()

    with pytest.raises(SecretMismatch, match="Restore the secret that was backed up"):
        create_app(central_settings.model_copy(update={"secret": "a-new-one"}))

    # The right secret: the kiosk's token still works, as after a restore done right.
    again = create_app(central_settings.model_copy(update={"secret": "the-backed-up-one"}))
    with TestClient(again, base_url="http://central") as api:
        answer = api.get("/api/v1/devices/me/sequence", headers=kiosk.auth)
    again.state.engine.dispose()
    assert answer.status_code == 200, answer.text


def test_the_cli_refuses_to_serve_or_issue_codes_with_another_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    monkeypatch.setenv("KIOSK_CENTRAL_SECRET", "the-backed-up-one")
    assert main(["--db-url", url, "add-station", "trosterud", "Trosterud"]) == 0
    assert main(["--db-url", url, "enrol-code", "trosterud"]) == 0
    monkeypatch.setenv("KIOSK_CENTRAL_SECRET", "a-new-one")
    capsys.readouterr()
    # Refused before it listens: serve never reaches uvicorn.
    assert main(["--db-url", url, "serve", "--port", "1"]) == 2
    assert "refusing to start" in capsys.readouterr().err
    assert main(["--db-url", url, "enrol-code", "trosterud"]) == 2
    assert "KIOSK_CENTRAL_SECRET" in capsys.readouterr().err
