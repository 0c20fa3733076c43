"""TLS: a kiosk pinned to REG's CA syncs with central over HTTPS, and refuses any central whose
certificate does not verify. Certificates are made in the test (trustme); central is the real
app under uvicorn with TLS on a loopback port; the kiosk runs its own `enrol` and `sync`."""

import re
from pathlib import Path

import pytest
import trustme
from fastapi import FastAPI

from kiosk.cli import main
from kiosk.composition import Kiosk
from kiosk.db.deposits import register_deposit
from kiosk.settings import SettingsError
from tests.helpers.servers import uvicorn_server
from tests.sync.conftest import central_ids, issue_code


def serve_tls(app: FastAPI, ca: trustme.CA, folder: Path, *, hosts=("127.0.0.1", "localhost")):
    """uvicorn over HTTPS with a certificate for ``hosts`` issued by ``ca``."""
    folder.mkdir(parents=True, exist_ok=True)
    cert = ca.issue_cert(*hosts)
    chain, key = folder / "chain.pem", folder / "key.pem"
    cert.private_key_and_cert_chain_pem.write_to_path(str(key))
    for i, blob in enumerate(cert.cert_chain_pems):
        blob.write_to_path(str(chain), append=i > 0)
    return uvicorn_server(app, tls=(chain, key))


def kiosk_pinned_to(data_dir: Path, ca: trustme.CA) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    ca.cert_pem.write_to_path(str(data_dir / "reg-ca.pem"))
    (data_dir / "settings.toml").write_text(
        f'central_ca_file = "{data_dir / "reg-ca.pem"}"\n', "utf-8"
    )


def test_a_kiosk_pinned_to_regs_ca_enrols_and_syncs_over_tls(
    central: FastAPI, data_dir: Path, tmp_path: Path
) -> None:
    reg = trustme.CA()
    kiosk_pinned_to(data_dir, reg)
    with serve_tls(central, reg, tmp_path / "tls") as url:
        assert url.startswith("https://")
        assert main(["--data-dir", str(data_dir), "enrol", url, issue_code(central)]) == 0
        store = Kiosk.load(data_dir).open_store()
        try:
            saved = register_deposit(store=store, category="wood", weight_g=1200)
        finally:
            store.close()
        assert main(["--data-dir", str(data_dir), "sync", "--max-wait", "30"]) == 0
    assert central_ids(central) == [saved.id]


@pytest.mark.parametrize(
    ("pinned", "same_ca"),
    [(True, False), (False, False), (True, True)],
    ids=["pinned-ca", "system-store", "pinned-ca-other-host"],
)
def test_a_central_whose_certificate_does_not_verify_is_refused(
    central: FastAPI,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    pinned: bool,
    same_ca: bool,
) -> None:
    reg = trustme.CA()
    if pinned:
        kiosk_pinned_to(data_dir, reg)
    # Either another CA signed central's certificate, or REG's CA signed it for another host.
    signer, hosts = (reg, ("central.example.no",)) if same_ca else (trustme.CA(), ("127.0.0.1",))
    with serve_tls(central, signer, tmp_path / "tls", hosts=hosts) as url:
        code = issue_code(central)
        assert main(["--data-dir", str(data_dir), "enrol", url, code]) == 1
    assert "CERTIFICATE_VERIFY_FAILED" in capsys.readouterr().err
    assert not (data_dir / "device_token").exists()


def test_an_unreadable_ca_file_is_named_at_start_up(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.toml").write_text('central_ca_file = "/nonexistent/reg.pem"\n')
    with pytest.raises(SettingsError, match=re.escape("central_ca_file '/nonexistent/reg.pem'")):
        Kiosk.load(data_dir)
    (data_dir / "not-pem.pem").write_text("hello")
    (data_dir / "settings.toml").write_text(f'central_ca_file = "{data_dir / "not-pem.pem"}"\n')
    with pytest.raises(SettingsError, match="not a readable PEM"):
        Kiosk.load(data_dir)
