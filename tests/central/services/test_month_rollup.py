"""The effect figures' monthly rollup (``deposit_months``) kept by ingest, on SQLite and
PostgreSQL: after batches that arrive late, out of order (a reversal before its original,
the original then sent in a batch whose seq range has a gap), replayed, and reversals made a
month later, it holds exactly what rebuilding it from the records (migration 0025) gives, by
Oslo month; it agrees with the daily rollup month by month; and the effect report read from
it (whole months) and from the days (a month cut short) gives the records' figures. Two
planted faults (months by UTC date; reversals left out) are caught."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, date
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import DepositDay, DepositMonth
from central.services import effect, rollup
from central.services.catalogue import category_kinds
from contract.effect import Measure
from contract.times import OSLO
from tests.central.conftest import Kiosk
from tests.central.services.test_capture_rollup import send

Table = dict[tuple[Any, ...], tuple[int, int, int]]


def months(app: FastAPI) -> Table:
    with Session(app.state.engine) as session:
        c = DepositMonth.__table__.c
        rows = session.execute(
            select(c.station_id, c.month, c.measure, c.category, c.direction, c.flagged,
                   c.net_g, c.records, c.self_service)
        ).all()  # fmt: skip
    return {tuple(r[:6]): (int(r[6]), int(r[7]), int(r[8])) for r in rows if r[7]}


def days_by_month(app: FastAPI) -> dict[tuple[Any, ...], tuple[int, int]]:
    """``deposit_days`` summed by (station, month, measure, flagged)."""
    out: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    with Session(app.state.engine) as session:
        c = DepositDay.__table__.c
        for station, day, measure, flagged, net, n in session.execute(
            select(c.station_id, c.day, c.measure, c.flagged, c.net_g, c.records)
        ):
            bucket = out[(station, day.replace(day=1), measure, flagged)]
            bucket[0] += int(net)
            bucket[1] += int(n)
    return {key: (net, n) for key, (net, n) in out.items() if n}


def months_by_measure(table: Table) -> dict[tuple[Any, ...], tuple[int, int]]:
    out: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    for (station, month, measure, _category, _direction, flagged), (net, n, _) in table.items():
        out[(station, month, measure, flagged)][0] += net
        out[(station, month, measure, flagged)][1] += n
    return {key: (net, n) for key, (net, n) in out.items() if n}


def at(day: str, clock: str) -> str:
    return f"2026-{day}T{clock}:00.000000Z"


def deliver(api: TestClient, kiosk: Kiosk) -> None:
    """The batches: Oslo month edges in winter and summer time, a reversal a month later, a
    reversal held before its original, a gapped batch, a resend, flagged clock, residents."""
    # 31 January 23:30 UTC is 1 February in Oslo; 22:30 UTC is still 31 January there.
    february = kiosk.record(recorded_at=at("01-31", "23:30"), category="wood", weight_g=5000)
    january = kiosk.record(recorded_at=at("01-31", "22:30"), category="wood", weight_g=700,
                           channel="self_service")  # fmt: skip
    # 30 June 22:30 UTC is 1 July in Oslo (summer time, UTC+2).
    july = kiosk.record(recorded_at=at("06-30", "22:30"), category="metal", weight_g=900,
                        channel="self_service")  # fmt: skip
    taken = kiosk.record(recorded_at=at("02-10", "12:00"), category="clothes", weight_g=400,
                         direction="out")  # fmt: skip
    flagged = kiosk.record(recorded_at=at("02-11", "12:00"), category="metal", weight_g=300,
                           clock_flag="future")  # fmt: skip
    send(api, kiosk, [february, january, july, taken, flagged])
    # Undone in March: counts in February (Oslo), with the record it reverses.
    send(api, kiosk, [kiosk.record(recorded_at=at("03-05", "09:00"), category="wood",
                                   weight_g=5000, reverses=february["id"])])  # fmt: skip
    # A reversal that arrives before its original (a gap below it on the kiosk), then the
    # original in a batch whose seq range has a gap (seq 9 set aside, sent later).
    late = kiosk.record(recorded_at=at("02-20", "08:00"), category="metal", weight_g=250,
                        channel="self_service")  # fmt: skip
    aside = kiosk.record(recorded_at=at("02-20", "09:00"), category="metal", weight_g=90)
    after = kiosk.record(recorded_at=at("02-20", "10:00"), category="metal", weight_g=60)
    undo = kiosk.record(recorded_at=at("04-01", "08:00"), category="metal", weight_g=250,
                        reverses=late["id"], channel="self_service")  # fmt: skip
    send(api, kiosk, [undo])
    send(api, kiosk, [late, after])
    send(api, kiosk, [aside])
    send(api, kiosk, [late, after])  # a resend adds nothing


EXPECTED = {
    ("trosterud", date(2026, 1, 1), "recycled", "wood", "in", False): (700, 1, 1),
    # The wood and its March reversal: net nothing, two records, in February.
    ("trosterud", date(2026, 2, 1), "recycled", "wood", "in", False): (0, 2, 0),
    # 250 and its reversal (net 0, one resident's), 90 and 60.
    ("trosterud", date(2026, 2, 1), "recycled", "metal", "in", False): (150, 4, 1),
    ("trosterud", date(2026, 2, 1), "recycled", "metal", "in", True): (300, 1, 0),
    ("trosterud", date(2026, 2, 1), "reused", "clothes", "out", False): (400, 1, 0),
    ("trosterud", date(2026, 7, 1), "recycled", "metal", "in", False): (900, 1, 1),
}


def check(app: FastAPI) -> None:
    kept = months(app)
    assert kept == EXPECTED
    assert months_by_measure(kept) == days_by_month(app)
    with Session(app.state.engine) as session:
        rollup.rebuild_months(session.connection(), category_kinds(session=session))
        session.commit()
    assert months(app) == kept
    # The effect report: whole months from the months, February cut short from the days.
    with Session(app.state.engine) as session:
        year = effect.effect_report(session=session, years=[2026], months=True)
        cut = effect.effect_report(session=session, years=[2026], cutoff=date(2026, 2, 15))
    recycled = year.measures[Measure.RECYCLED]
    assert recycled[:7] == [700, 150, 0, 0, 0, 0, 900]
    assert year.measures[Measure.REUSED][1] == 400
    # To 15 February: January, and the 400 g taken out on the 10th (nothing recycled yet).
    assert cut.measures[Measure.RECYCLED] == [700]
    assert cut.measures[Measure.REUSED] == [400]


def test_ingest_keeps_the_months_as_a_rebuild_makes_them(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    deliver(api, kiosk)
    check(app)


def utc_wall_clock(real: Callable[..., Any]) -> Callable[..., Any]:
    """Days and months by the UTC date: each moment relabelled as if its UTC wall clock were
    Oslo's (a planted fault for any of the rollup's sums over rows)."""

    def fault(rows: Iterable[Any], kinds: dict[str, str], *, sign: int = 1) -> Any:
        shifted = [(r[0], r[1].astimezone(UTC).replace(tzinfo=OSLO), *r[2:]) for r in rows]
        return real(shifted, kinds, sign=sign)

    return fault


def _no_reversals(real: Callable[..., Any]) -> Callable[..., Any]:
    def fault(rows: Iterable[Any], kinds: dict[str, str], *, sign: int = 1) -> Any:
        return real([r for r in rows if r[6] is None], kinds, sign=sign)

    return fault


@pytest.mark.parametrize("plant", [utc_wall_clock, _no_reversals])
def test_a_planted_fault_is_caught(
    app: FastAPI,
    api: TestClient,
    kiosk: Kiosk,
    monkeypatch: pytest.MonkeyPatch,
    plant: Callable[[Callable[..., Any]], Callable[..., Any]],
) -> None:
    monkeypatch.setattr(rollup, "month_totals", plant(rollup.month_totals))
    deliver(api, kiosk)
    with pytest.raises(AssertionError):
        check(app)
