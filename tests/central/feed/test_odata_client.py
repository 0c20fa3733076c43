"""A real OData client nobody here wrote (python-odata: reads the v4 $metadata, follows
@odata.nextLink) reads every page of a large feed from central over a socket."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from odata import ODataService  # type: ignore[import-untyped]  # ships no type hints
from requests.auth import HTTPBasicAuth

from central.core.config import Settings
from central.main import create_app
from tests.central.console.conftest import add_user, sign_in
from tests.central.feed.conftest import issue_token, seed
from tests.helpers.servers import uvicorn_server

PAGE = 1_000


@pytest.fixture
def feed_app(central_settings: Settings) -> Iterator[FastAPI]:
    application = create_app(central_settings.model_copy(update={"feed_page_size": PAGE}))
    yield application
    application.state.engine.dispose()


def test_python_odata_reads_every_record_exactly_once_across_pages(feed_app: FastAPI) -> None:
    stations = ("trosterud", "furuset", "haugerud")
    ids = seed(feed_app, deposits=4_500, events=300, station_ids=stations)
    add_user(feed_app, "analyst", "viewer")
    with TestClient(feed_app, base_url="http://central") as browser:
        assert sign_in(browser, "analyst") == 303
        token = issue_token(browser, "python-odata")

    pages: list[str] = []
    with uvicorn_server(feed_app) as base:
        service = ODataService(
            f"{base}/feed/odata/",
            auth=HTTPBasicAuth("analyst", token),
            reflect_entities=True,
            quiet_progress=True,
        )
        # Count the pages the client fetched, through its own HTTP session.
        service.default_context.connection.session.hooks["response"].append(
            lambda response, **_: pages.append(response.url)
        )
        Record = service.entities["Records"]
        seen = [r.id for r in service.query(Record)]
        Event = service.entities["Events"]
        events = list(service.query(Event))
        Figure = service.entities["Effect"]
        figures = list(service.query(Figure).filter(Figure.station_id == "furuset"))

    assert len(seen) == len(ids) == 4_800 and set(seen) == ids  # every record, exactly once
    record_pages = [u for u in pages if "/Records" in u]
    assert len(record_pages) == 5  # 4,800 at 1,000 a page, each fetched once
    assert len({e.id for e in events}) == 300
    assert {(e.participants, e.visitors) for e in events} == {(12, 30)}
    assert figures and {f.station_id for f in figures} == {"furuset"}
    events_2025 = [f for f in figures if f.row == "events" and f.month is None and f.year == 2025]
    assert [float(f.value) for f in events_2025] == [100.0]
