"""A real OpenID Connect provider (npm's oidc-provider) on loopback, and a browser-like walk.

The walk follows redirects between central (a TestClient at http://central) and the provider
(a real socket), posting the provider's login form as a person would.
"""

import re
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

HERE = Path(__file__).parent / "oidc"
CLIENT_ID = "minigjenbruk-central"
CLIENT_SECRET = "a-client-secret-only-for-tests"
REDIRECT_URI = "http://central/auth/oidc/callback"


@dataclass(frozen=True)
class Provider:
    issuer: str
    port: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_provider() -> Iterator[Provider]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True
        )
    port = _free_port()
    proc = subprocess.Popen(
        [node, "provider.mjs", str(port), CLIENT_ID, CLIENT_SECRET, REDIRECT_URI],
        cwd=HERE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        # The script prints "ready <issuer>" once it listens: wait for that line, not a timer.
        for line in proc.stdout:
            if line.startswith("ready "):
                yield Provider(issuer=line.split()[1], port=port)
                break
        else:
            raise RuntimeError("the OIDC provider exited before it was ready")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        assert proc.stdout is not None
        proc.stdout.close()


def walk(
    central: TestClient,
    browser: httpx.Client,
    login: str,
    *,
    tamper: Callable[[httpx.URL], httpx.URL] = lambda url: url,
) -> httpx.Response:
    """Start sign-in on central, log in at the provider as ``login``; the last response."""
    response = central.get("/auth/oidc/login", follow_redirects=False)
    for _ in range(20):
        if response.is_redirect:
            url = response.url.join(response.headers["location"])
            if url.host == "central":
                if url.path == "/auth/oidc/callback":
                    url = tamper(url)
                response = central.get(str(url), follow_redirects=False)
            else:
                response = browser.get(url)
        elif "<form" in response.text and response.url.host != "central":
            # The provider's login (or consent) form: its hidden fields, plus who we are.
            action = re.search(r'action="([^"]+)"', response.text).group(1)
            hidden = r'type="hidden" name="([^"]+)" value="([^"]*)"'
            fields = dict(re.findall(hidden, response.text))
            fields |= {"login": login, "password": "anything"}
            response = browser.post(response.url.join(action), data=fields)
        else:
            return response
    raise AssertionError("sign-in did not finish in 20 steps")
