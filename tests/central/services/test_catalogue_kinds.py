"""``category_kinds`` parses each catalogue version once, and still answers every version's
newest kind: a cache keyed by version and publication time, never shared by two databases."""

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session

from central.services import catalogue


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    seen: list[str] = []
    real = json.loads

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(catalogue.json, "loads", counting)
    # Cold, as in a new process: the worker's databases are copies of one template, so an
    # earlier test may already have parsed this very version (same publication time).
    monkeypatch.setattr(catalogue, "_KINDS_OF_VERSION", {})
    yield seen


def test_each_version_is_parsed_once_and_the_newest_kind_wins(
    app: FastAPI, parses: list[str]
) -> None:
    with Session(app.state.engine) as session:
        first = catalogue.category_kinds(session=session)
        assert first["wood"] == "recycling"
        parsed = len(parses)
        assert parsed == 1  # the bundled version, the only one
        assert catalogue.category_kinds(session=session) == first
        assert len(parses) == parsed  # every later batch reads only the versions' keys
        bundled = catalogue.latest_catalogue(session=session)
        assert bundled is not None
        newer = json.loads(bundled.document)
        newer["version"] = bundled.version + 1
        newer["categories"].append(
            {"code": "bike_parts", "kind": "reuse", "names": {"nb": "Sykkeldeler"},
             "default_weight_g": 2000}
        )  # fmt: skip
        catalogue.publish_catalogue(now=datetime.now(UTC), session=session, document=newer)
        session.commit()
        parses.clear()
        kinds = catalogue.category_kinds(session=session)
        assert kinds["bike_parts"] == "reuse" and kinds["wood"] == "recycling"
        assert len(parses) == 1  # only the new version's document


def test_two_databases_never_share_a_cached_version(app: FastAPI, tmp_path: Any) -> None:
    # A second, fresh database with the same version number but another document.
    from central.db import prepare

    other = prepare(f"sqlite:///{tmp_path}/other.sqlite3")
    try:
        with Session(app.state.engine) as session:
            catalogue.category_kinds(session=session)
        with Session(other) as session:
            row = catalogue.latest_catalogue(session=session)
            assert row is not None
            document = json.loads(row.document)
            document["categories"][0]["kind"] = "residual"
            row.document = json.dumps(document)  # planted: same version, other content
            session.commit()
            code = document["categories"][0]["code"]
            assert catalogue.category_kinds(session=session)[code] == "residual"
    finally:
        other.dispose()
