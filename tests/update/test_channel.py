"""Fetching and staging over a real TUF repository on real HTTP, and each attack TUF exists to
stop refused with a line that names it. Every attack is also shown working against a kiosk
that skips verification (``_naive_update``), so none of these tests passes by checking nothing.
"""

import http.server
import json
import shutil
import tarfile
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk import NAME
from kiosk.update.channel import Channel, Unreachable, check_and_stage
from kiosk.update.install import Install, UpdateResult
from tests.helpers.tuf_repo import Repo, install_first, serve


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """Releases 1.0.0 and 1.1.0, and a release candidate 1.2.0rc1 for the pilot channel."""
    repo = Repo(tmp_path_factory.mktemp("release") / "workspace")
    repo.cut("1.0.0")
    repo.cut("1.1.0")
    repo.cut("1.2.0rc1")
    return repo


@pytest.fixture
def repo(released: Repo, tmp_path: Path) -> Repo:
    """A private copy, so an attack on one test's mirror touches no other test."""
    copy = Repo.__new__(Repo)
    copy.workspace = tmp_path / "workspace"
    shutil.copytree(released.workspace, copy.workspace)
    copy.root_json = copy.workspace / "repository" / "metadata" / "root.json"
    copy.served = copy.workspace / "repository"
    return copy


@pytest.fixture
def kiosk_pc(repo: Repo, tmp_path: Path) -> Install:
    install_first(tmp_path / "pc", repo, "1.0.0")
    return Install(tmp_path / "pc")


def _update(
    install: Install, url: str, data_dir: Path, channel: str = "stable"
) -> UpdateResult | None:
    data_dir.mkdir(exist_ok=True)
    return check_and_stage(
        install=install,
        work_dir=data_dir / "updates",
        data_dir=data_dir,
        channel=Channel(url, channel),
        current_version="1.0.0",
    )


def _naive_update(install: Install, url: str, cap: int = 8 << 20) -> str:
    """A kiosk that skips verification: newest archive in targets.json, downloaded and staged
    as is. The planted fault every refusal test is checked against."""
    with urllib.request.urlopen(f"{url}/metadata/targets.json", timeout=10) as answer:
        targets = json.loads(answer.read(cap))["signed"]["targets"]
    newest = max((t for t in targets if t.endswith(".tar.gz")), key=lambda t: t.split("-")[-1])
    version = newest.removeprefix(f"{NAME}-").removesuffix(".tar.gz")
    archive = install.root / "naive.tar.gz"
    with urllib.request.urlopen(f"{url}/targets/{newest}", timeout=10) as answer:
        archive.write_bytes(answer.read(cap))
    extract = install.root / "naive"
    with tarfile.open(archive) as tar:
        tar.extractall(extract, filter="data")
    install.stage(version, extract)
    return version


def test_a_newer_release_is_verified_self_tested_and_staged(
    kiosk_pc: Install, repo: Repo, tmp_path: Path
) -> None:
    with serve(repo.served) as url:
        result = _update(kiosk_pc, url, tmp_path / "data")
    assert result is not None and (result.version, result.outcome) == ("1.1.0", "staged")
    assert kiosk_pc.staged == "1.1.0" and kiosk_pc.current == "1.0.0"
    assert (kiosk_pc.versions / "1.1.0" / NAME).is_file()
    assert kiosk_pc.last_result() == result


def test_the_pilot_channel_takes_release_candidates_and_stable_does_not(
    kiosk_pc: Install, repo: Repo, tmp_path: Path
) -> None:
    with serve(repo.served) as url:
        pilot = _update(kiosk_pc, url, tmp_path / "data", channel="pilot")
    assert pilot is not None and pilot.version == "1.2.0rc1"


def test_nothing_new_stages_nothing(kiosk_pc: Install, repo: Repo, tmp_path: Path) -> None:
    kiosk_pc.adopt("1.1.0")  # pretend the newest stable runs
    with serve(repo.served) as url:
        result = check_and_stage(
            install=kiosk_pc,
            work_dir=tmp_path / "updates",
            data_dir=tmp_path,
            channel=Channel(url),
            current_version="1.1.0",
        )
    assert result is None and kiosk_pc.staged is None


def test_a_bundle_that_fails_its_self_test_is_not_staged(
    kiosk_pc: Install, repo: Repo, tmp_path: Path
) -> None:
    repo.cut("1.3.0", self_test_ok=False)
    with serve(repo.served) as url:
        result = _update(kiosk_pc, url, tmp_path / "data")
    assert result is not None and result.outcome == "self_test_failed"
    assert "FAIL store" in result.reason
    assert kiosk_pc.staged is None and not (kiosk_pc.versions / "1.3.0").exists()


def test_an_unreachable_repository_is_not_a_refusal(kiosk_pc: Install, tmp_path: Path) -> None:
    with pytest.raises(Unreachable):
        _update(kiosk_pc, "http://127.0.0.1:9", tmp_path / "data")
    assert kiosk_pc.last_result() is None


# --- attacks: each makes a mirror that a verifying kiosk must refuse -------------------------


def _tamper(repo: Repo) -> str:
    """Swap the archive's program for another one, as a mirror that was broken into would."""
    archive = repo.served / "targets" / f"{NAME}-1.1.0.tar.gz"
    unpacked = repo.workspace / "tampered"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    (unpacked / NAME).write_text("#!/bin/sh\necho pwned\n")
    with tarfile.open(archive, "w:gz") as tar:
        for path in sorted(unpacked.iterdir()):
            tar.add(path, arcname=path.name)
    return "Mismatch"  # of length or of hash, whichever the new archive's size shows first


def _oversize(repo: Repo) -> str:
    with (repo.served / "targets" / f"{NAME}-1.1.0.tar.gz").open("ab") as archive:
        archive.write(b"\0" * 4096)
    return "DownloadLengthMismatchError"


def _freeze(repo: Repo) -> str:
    """A mirror that stopped being refreshed: its timestamp has expired."""
    from kiosk.update import release

    release.refresh(repo.workspace, timestamp_days=-1)
    return "ExpiredMetadataError"


def _old_as_new(repo: Repo) -> str:
    """Release 1.0.0's archive offered as 9.0.0, listed in targets.json by someone without
    the targets key (the file is edited, its signature no longer holds)."""
    targets_dir, meta = repo.served / "targets", repo.served / "metadata"
    shutil.copyfile(targets_dir / f"{NAME}-1.0.0.tar.gz", targets_dir / f"{NAME}-9.0.0.tar.gz")
    doc = json.loads((meta / "targets.json").read_text())
    doc["signed"]["targets"][f"{NAME}-9.0.0.tar.gz"] = doc["signed"]["targets"][
        f"{NAME}-1.0.0.tar.gz"
    ]
    (meta / "targets.json").write_text(json.dumps(doc))
    return "Error"  # a snapshot hash mismatch or a bad signature: either names the file


def _leaked_timestamp_key(repo: Repo) -> str:
    """An attacker with the (online) timestamp key alone signs a timestamp that points at a
    snapshot of their own, which they cannot sign with the snapshot key."""
    from securesystemslib.interface import import_ed25519_privatekey_from_file
    from securesystemslib.signer import SSlibSigner
    from tuf.api.metadata import Metadata

    meta = repo.served / "metadata"
    snapshot = Metadata.from_file(str(meta / "snapshot.json"))
    snapshot.signed.version += 1
    snapshot.signatures.clear()  # no snapshot key
    snapshot.to_file(str(meta / "snapshot.json"))
    timestamp = Metadata.from_file(str(meta / "timestamp.json"))
    timestamp.signed.version += 1
    timestamp.signed.snapshot_meta.version = snapshot.signed.version
    timestamp.signed.snapshot_meta.hashes = None
    timestamp.signed.snapshot_meta.length = None
    key = import_ed25519_privatekey_from_file(
        str(repo.workspace / "keys" / "online" / "timestamp"), prompt=False
    )
    timestamp.signatures.clear()
    timestamp.sign(SSlibSigner(key))
    timestamp.to_file(str(meta / "timestamp.json"))
    return "UnsignedMetadataError"


ATTACKS: dict[str, Callable[[Repo], str]] = {
    "tampered target": _tamper,
    "oversized target": _oversize,
    "frozen metadata": _freeze,
    "older version signed as new": _old_as_new,
    "leaked timestamp key alone": _leaked_timestamp_key,
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_an_attack_is_refused_with_a_line_that_names_it(
    attack: str, kiosk_pc: Install, repo: Repo, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    named = ATTACKS[attack](repo)
    with serve(repo.served) as url:
        result = _update(kiosk_pc, url, tmp_path / "data")
    assert result is not None and result.outcome == "refused", result
    assert named in result.reason
    if "target" in attack:  # a refused target is named, so a person knows which file
        assert f"{NAME}-1.1.0.tar.gz" in result.reason
    assert kiosk_pc.staged is None and kiosk_pc.current == "1.0.0"
    assert kiosk_pc.last_result() == result  # what the kiosk reports to central


@pytest.mark.parametrize(
    "attack", sorted(set(ATTACKS) - {"leaked timestamp key alone", "frozen metadata"})
)
def test_the_same_attack_succeeds_against_a_kiosk_that_skips_verification(
    attack: str, kiosk_pc: Install, repo: Repo
) -> None:
    ATTACKS[attack](repo)
    with serve(repo.served) as url:
        staged = _naive_update(kiosk_pc, url)
    assert kiosk_pc.staged == staged  # the bad bundle would now run


@pytest.mark.parametrize("attack", ["leaked timestamp key alone", "frozen metadata"])
def test_metadata_attacks_go_unseen_by_a_kiosk_that_skips_verification(
    attack: str, kiosk_pc: Install, repo: Repo
) -> None:
    ATTACKS[attack](repo)
    with serve(repo.served) as url:
        staged = _naive_update(kiosk_pc, url)
    assert staged == "1.2.0rc1"  # it read on, as if nothing were wrong


class _Endless(http.server.BaseHTTPRequestHandler):
    """A mirror that answers every file with data that never ends."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        chunk = b"{" * 65536
        try:
            for _ in range(100_000):  # bounded: 6.5 GB at most, far past any limit
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endless() -> Iterator[str]:
    with serve(Path("."), handler=_Endless) as url:
        yield url


def test_a_mirror_that_serves_endless_data_is_refused(
    kiosk_pc: Install, endless: str, tmp_path: Path
) -> None:
    result = _update(kiosk_pc, endless, tmp_path / "data")
    assert result is not None and result.outcome == "refused"
    assert "DownloadLengthMismatchError" in result.reason
    assert kiosk_pc.staged is None


def test_a_kiosk_that_skips_verification_reads_on_past_any_limit(endless: str) -> None:
    with urllib.request.urlopen(f"{endless}/metadata/timestamp.json", timeout=10) as answer:
        got = len(answer.read(8 << 20))
    assert got == 8 << 20  # it would have taken whatever it was given


def test_the_daily_refresh_needs_only_the_online_keys(
    kiosk_pc: Install, repo: Repo, tmp_path: Path
) -> None:
    from kiosk.update import release

    offline = repo.workspace / "keys" / "offline"
    shutil.move(offline, tmp_path / "safe")  # the root and targets keys are not on the server
    release.refresh(repo.workspace)
    with serve(repo.served) as url:
        result = _update(kiosk_pc, url, tmp_path / "data")
    assert result is not None and result.outcome == "staged"
    timestamp = json.loads((repo.served / "metadata" / "timestamp.json").read_text())
    assert timestamp["signed"]["version"] > 3  # re-signed, not the release's own


def test_a_download_cut_short_is_never_installed_and_is_fetched_again(
    kiosk_pc: Install, repo: Repo, tmp_path: Path
) -> None:
    served = repo.served

    class _CutShort(http.server.SimpleHTTPRequestHandler):
        """Metadata whole; every archive stops half-way, as a link that drops at night."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(served), **kwargs)

        def do_GET(self) -> None:
            path = served / self.path.lstrip("/")
            if not path.name.endswith(".tar.gz"):
                super().do_GET()
                return
            data = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])  # and the connection closes

        def log_message(self, *args: object) -> None:
            pass

    with serve(served, handler=_CutShort) as url, pytest.raises(Unreachable):
        _update(kiosk_pc, url, tmp_path / "data")
    assert kiosk_pc.staged is None and not (kiosk_pc.versions / "1.1.0").exists()
    with serve(served) as url:  # the next night, the link holds
        result = _update(kiosk_pc, url, tmp_path / "data")
    assert result is not None and result.outcome == "staged" and kiosk_pc.staged == "1.1.0"
