"""The records browser's bounded pages: a sparse filter reads a stretch of its walk per page,
says how far back it searched, and finds every match, once and in order, across the
"search further back" steps (SQLite and PostgreSQL, ties in time across every boundary)."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from central.models import Record
from central.services import record_browser
from central.services.record_browser import Cursor, Filters, Page
from tests.central.conftest import add_station

T0 = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
ROWS, REACH = 3, 7  # a page of 3 rows, from at most 7 rows of the walk
Step = Callable[..., Page]


def hold(app: FastAPI) -> list[str]:
    """Trosterud's 120 deposits and furuset's 60 between them; three share each moment, so
    the walk's every stretch ends inside a tie. The oldest 30 of trosterud's are glass, and
    of the others every 7th (newest first): the row after each 7-row stretch that began on
    a match. The glass ids, newest first."""
    add_station(app, "trosterud")
    add_station(app, "furuset")
    batch = str(uuid.uuid4())
    rows: list[dict[str, Any]] = []
    for p in range(180):
        station = "furuset" if p % 3 == 2 else "trosterud"
        rows.append({
            "id": str(uuid.uuid4()), "seq": p + 1, "device_id": "dev-a", "station_id": station,
            "recorded_at": T0 - timedelta(minutes=p // 3), "category": "wood",
            "weight_g": 1000, "weight_source": "scale_stable", "channel": "guide",
            "direction": "in", "reverses": None, "visit_id": None, "catalog_version": 1,
            "clock_flag": None, "batch_id": batch, "received_at": T0,
        })  # fmt: skip
    walk = sorted(
        (r for r in rows if r["station_id"] == "trosterud"),
        key=lambda r: (r["recorded_at"], r["id"]),
        reverse=True,
    )
    for p, row in enumerate(walk):
        if p % REACH == 0 or p >= len(walk) - 30:
            row["category"] = "glass"
    with Session(app.state.engine) as session:
        session.execute(insert(Record), rows)
        session.commit()
    return [r["id"] for r in walk if r["category"] == "glass"]


def every_step(app: FastAPI, filters: Filters, step: Step) -> tuple[list[str], list[Page]]:
    """Follow "next page" and "search further back" to the end, as a user would."""
    seen: list[str] = []
    pages: list[Page] = []
    after: Cursor | None = None
    with Session(app.state.engine) as session:
        while True:
            page = step(session=session, filters=filters, after=after, rows=ROWS, reach=REACH)
            seen += [r.id for r in page.rows]
            pages.append(page)
            if page.next is None:
                return seen, pages
            assert len(pages) < 200, "the steps never end"
            after = page.next


FILTERS = [
    Filters(station="trosterud", category="glass"),
    Filters(station="trosterud", category="glass", first=T0.date(), last=T0.date()),
]


@pytest.mark.parametrize("filters", FILTERS)
def test_a_sparse_filter_finds_every_match_once_across_the_steps(
    app: FastAPI, filters: Filters
) -> None:
    glass = hold(app)
    seen, pages = every_step(app, filters, record_browser.page)
    assert seen == glass  # every match, once, newest first
    short = [p for p in pages if not p.full and p.next is not None]
    assert len(short) >= 10  # the sparse part went by "search further back"
    assert sum(p.full for p in pages) >= 5  # the dense part by full pages
    assert all(len(p.rows) <= ROWS for p in pages)


def test_a_filter_that_matches_nothing_reads_a_stretch_and_says_how_far(app: FastAPI) -> None:
    hold(app)
    with Session(app.state.engine) as session:
        page = record_browser.page(session=session, filters=Filters(station="trosterud",
                                   category="metal"), rows=ROWS, reach=REACH)  # fmt: skip
    # The 7th row of trosterud's walk: two of each three moments are trosterud's.
    assert (page.rows, page.full) == ([], False)
    assert page.next is not None and page.next.recorded_at == T0 - timedelta(minutes=3)


def test_flagged_clocks_are_found_through_their_index_not_a_stretch_at_a_time(
    app: FastAPI,
) -> None:
    """One deposit in 10,000 has a flagged clock: a partial index lists them, so the page
    walks those, not 5,000 rows of the station at a time."""
    glass = hold(app)
    flagged = [glass[-1], glass[0]]  # the oldest and the newest glass
    with Session(app.state.engine) as session:
        session.execute(update(Record).where(Record.id.in_(flagged)).values(clock_flag="future"))
        session.commit()
        page = record_browser.page(session=session, filters=Filters(station="trosterud",
                                   flagged=True), rows=ROWS, reach=REACH)  # fmt: skip
    assert ([r.id for r in page.rows], page.next) == ([glass[0], glass[-1]], None)


def skipping_a_boundary_row(**kwargs: Any) -> Page:
    """The planted fault: a search that goes on one row past the end of its stretch."""
    page = record_browser.page(**kwargs)
    if page.full or page.next is None:
        return page
    one = record_browser.page(**{**kwargs, "after": page.next, "rows": 1, "reach": 1})
    return Page(page.rows, one.next, full=False)


def test_the_check_catches_a_step_that_skips_a_boundary_row(app: FastAPI) -> None:
    glass = hold(app)
    seen, _ = every_step(app, FILTERS[0], skipping_a_boundary_row)
    assert seen != glass and set(seen) < set(glass)
