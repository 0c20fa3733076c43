"""A real TUF repository of the kiosk's releases in a temp folder, served over real HTTP,
with small stand-in bundles, for the update tests (tests/update/)."""

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

from kiosk import NAME
from kiosk.update import release

# A stand-in bundle: its self-test passes or fails as built, and when started it clears the
# launcher's trial counter (the app's Install.mark_up at its first frame) unless "broken".
_BUNDLE = """#!/bin/sh
if [ "${{1:-}}" = "--self-test" ]; then
  echo "self-test of {version}"
  {self_test}
fi
echo "{version}" >> "${{KIOSK_INSTALL_DIR}}/started"
{first_frame}
"""


def make_bundle(
    folder: Path, version: str, *, self_test_ok: bool = True, starts: bool = True
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / NAME
    exe.write_text(
        _BUNDLE.format(
            version=version,
            self_test='echo "self-test passed"; exit 0'
            if self_test_ok
            else 'echo "FAIL store: broken"; exit 1',
            first_frame='rm -f "${KIOSK_INSTALL_DIR}/state/trial"; exit 0' if starts else "exit 3",
        )
    )
    exe.chmod(0o755)
    (folder / "payload.bin").write_bytes(version.encode() * 2048)  # something to patch
    return folder


class Repo:
    """A release workspace (keys + repository), and helpers to cut releases into it."""

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self.root_json = release.init(workspace)
        self.served = workspace / "repository"

    def cut(self, version: str, **bundle: bool) -> None:
        folder = make_bundle(self.workspace / "bundles" / version, version, **bundle)
        release.add(self.workspace, folder, version)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(
    folder: Path, handler: type[http.server.BaseHTTPRequestHandler] | None = None
) -> Iterator[str]:
    """``folder`` over HTTP on loopback; yields the base URL."""
    factory = handler or functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), factory)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def install_first(root: Path, repo: Repo, version: str) -> None:
    """A kiosk PC as a technician leaves it: version ``version`` running, the root trusted."""
    from kiosk.update.install import Install

    install = Install(root)
    make_bundle(install.versions / version, version)
    shutil.copyfile(repo.root_json, install.trusted_root)
    install.adopt(version)
