"""Real central for tests: a fresh database (SQLite file or its own PostgreSQL schema),
uvicorn on a free loopback port in a thread, and a sync bridge to httpx's ASGITransport."""

import asyncio
import atexit
import os
import shutil
import socket
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import create_engine, text

from central.db import prepare

PG_ENV = "KIOSK_TEST_PG_URL"


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a new, empty schema, dropped afterwards."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set; PostgreSQL tests need a server")
    with schema_url(base, prefix="kt") as url:
        yield url


@contextmanager
def schema_url(base: str, *, prefix: str) -> Iterator[str]:
    """``base`` with its search_path set to a new, empty schema, dropped afterwards.

    Tests and benchmarks share it, so each run has PostgreSQL to itself without a new database.
    """
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def database_url(kind: str, tmp_path: Path) -> Iterator[str]:
    """A database of its own for one test. SQLite: a copy of this process's template file,
    migrated to head and seeded as central's ``prepare`` leaves a new one, so each test does
    not run every migration again (0.4 s, most of a SQLite central test's setup); ``prepare``
    then finds nothing to do. PostgreSQL: a new, empty schema (a template database copied
    no faster than the migrations ran)."""
    if kind != "sqlite":
        with pg_schema_url() as url:
            yield url
        return
    target = tmp_path / "central.sqlite3"
    shutil.copyfile(_sqlite_template(), target)
    yield f"sqlite:///{target}"


_template: list[Path] = []


def _sqlite_template() -> Path:
    """This process's migrated and seeded SQLite file, made on first use."""
    if not _template:
        folder = Path(tempfile.mkdtemp(prefix="central-template-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "central.sqlite3"
        prepare(f"sqlite:///{path}").dispose()
        # The last connection's close folds the WAL into the file: the copy is the database.
        assert not path.with_name(path.name + "-wal").exists()
        _template.append(path)
    return _template[0]


@contextmanager
def uvicorn_server(app: FastAPI, *, tls: tuple[Path, Path] | None = None) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 at a free port; yields the base URL.

    ``tls`` is (certificate chain, key) PEM files: then it serves HTTPS."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    certfile, keyfile = tls or (None, None)
    config = uvicorn.Config(
        app,
        log_level="warning",
        lifespan="off",
        access_log=False,
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    ready = threading.Event()
    for _ in range(200):
        if server.started:
            ready.set()
            break
        ready.wait(0.025)  # polling a thread's start flag, not a Qt test
    assert server.started, "uvicorn did not start"
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


class SyncASGITransport(httpx.BaseTransport):
    """Drive httpx.ASGITransport from the kiosk's synchronous client, in-process."""

    def __init__(self, app: FastAPI) -> None:
        self._inner = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()

        async def roundtrip() -> httpx.Response:
            request.stream = httpx.ByteStream(body)
            response = await self._inner.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        # A fresh loop per request: the transport outlives clients that close it.
        return asyncio.run(roundtrip())
