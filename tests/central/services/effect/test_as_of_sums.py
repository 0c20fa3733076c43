"""The effect report --as-of a moment reads the records themselves; on PostgreSQL it sums them
by Oslo day in the database (``rollup.counted_day_totals``) instead of bringing every record
back (65 s for a year at 10 M records, docs/benchmarks.md). As of now it must give exactly
what the rollup ingest keeps: the day rollup row for row, and the report figure for figure,
at Oslo day edges in winter and summer time, with reversals a month late or held before
their original, and a flagged clock. A planted fault (days by UTC date) is caught."""

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import DepositDay
from central.services import effect, rollup
from central.services.catalogue import category_kinds
from tests.central.conftest import Kiosk
from tests.central.services.test_month_rollup import deliver, utc_wall_clock


def kept_days(app: FastAPI) -> dict[tuple[Any, ...], list[int]]:
    with Session(app.state.engine) as session:
        c = DepositDay.__table__.c
        rows = session.execute(
            select(c.station_id, c.day, c.measure, c.flagged, c.net_g, c.records)
        ).all()
    return {tuple(r[:4]): [int(r[4]), int(r[5])] for r in rows if r[5]}


def check(app: FastAPI) -> None:
    days = kept_days(app)
    with Session(app.state.engine) as session:
        kinds = category_kinds(session=session)
        summed = rollup.counted_day_totals(session.connection(), rollup.counted_rows(), kinds)
        assert {k: v for k, v in summed.items() if v[1]} == days
        now = datetime.now(UTC)
        for months in (True, False):
            kept = effect.effect_report(session=session, years=[2026], months=months)
            again = effect.effect_report(session=session, years=[2026], months=months, as_of=now)
            assert again.measures == kept.measures
            assert again.flagged == kept.flagged


def test_as_of_now_sums_as_the_rollup_does(app: FastAPI, api: TestClient, kiosk: Kiosk) -> None:
    deliver(api, kiosk)
    check(app)


def test_a_planted_fault_is_caught(
    app: FastAPI, api: TestClient, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Days by the UTC date: in PostgreSQL's sum, or in the rows SQLite sums in Python.
    monkeypatch.setattr(rollup, "SQL_ZONE", "UTC")
    monkeypatch.setattr(rollup, "day_totals", utc_wall_clock(rollup.day_totals))
    deliver(api, kiosk)
    with pytest.raises(AssertionError):
        check(app)
