"""The all-stations page reads every station at once (effect.station_reports); each station's
figures must be exactly what effect_report gives it alone: deposits, reversals, flagged
clocks, events, repairs, flows and a weighed report source. On SQLite and PostgreSQL."""

from datetime import UTC, date, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from central.services import effect, report_source, station_compare
from contract.effect import Row
from tests.central.conftest import Kiosk, enrol_kiosk
from tests.central.services.effect.test_pilot_table import pilot_records, send


def same(one: effect.EffectReport, alone: effect.EffectReport) -> None:
    assert one.periods == alone.periods
    assert one.rows == alone.rows
    assert one.measures == alone.measures
    assert one.sources == alone.sources
    assert one.repairs == alone.repairs
    assert one.business_waste_other_agency_g == alone.business_waste_other_agency_g
    assert one.business_waste_notes == alone.business_waste_notes
    key = lambda f: (f.type, f.what, f.amount, f.records, str(f.recorded_at))  # noqa: E731
    assert sorted(one.flagged, key=key) == sorted(alone.flagged, key=key)


def test_each_station_read_at_once_is_the_station_alone(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    for records in pilot_records(kiosk):  # trosterud: the pilot's three years
        send(api, kiosk, records)
    furuset = enrol_kiosk(app, api, "furuset")
    send(api, furuset, pilot_records(furuset)[2])  # furuset: 2023's batch only
    enrol_kiosk(app, api, "haugenstua")  # a station with nothing
    with Session(app.state.engine) as session:
        report_source.set_source(session=session, station_id="trosterud",
                                 effective_from="2023-06-15", source="weighed", actor="t",
                                 now=datetime(2024, 1, 1, tzinfo=UTC))  # fmt: skip
        session.commit()
        ids = ["furuset", "haugenstua", "trosterud"]
        seen = []
        for years, months, cutoff in (
            ([2022, 2023], True, date(2023, 11, 30)),
            ([2021, 2022, 2023], False, None),
            ([2023], False, date(2023, 6, 20)),
        ):
            together = effect.station_reports(
                session=session, years=years, station_ids=ids, months=months, cutoff=cutoff
            )
            for sid in ids:
                alone = effect.effect_report(
                    session=session, years=years, station_id=sid, months=months, cutoff=cutoff
                )
                same(together[sid], alone)
            seen.append(together)
        # Not vacuous: the two busy stations differ, and the weighed source shows.
        months = seen[0]
        assert months["trosterud"].rows != months["furuset"].rows
        assert any(months["trosterud"].rows[Row.EVENTS])
        assert any(months["trosterud"].repairs)
        assert "weighed" in months["trosterud"].sources[Row.RECYCLED_KG]
        assert "mixed" in seen[2]["trosterud"].sources[Row.RECYCLED_KG]
        assert not any(any(v) for v in months["haugenstua"].rows.values())
        one = effect.station_reports(session=session, years=[2023], station_ids=["furuset"])
        same(one["furuset"], effect.effect_report(session=session, years=[2023],
                                                  station_id="furuset"))  # fmt: skip


def test_last_year_to_the_same_day_is_the_report_cut_there(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    """The page adds last year's whole months to a read of the same day's month alone; that
    must be the report of last year cut at the same day, for every row, on either side of
    the records' days (2022: April's workshop and repairs, 1 June's flow, August's)."""
    for records in pilot_records(kiosk):
        send(api, kiosk, records)
    with Session(app.state.engine) as session:
        for today in (date(2023, 4, 1), date(2023, 4, 2), date(2023, 6, 1), date(2023, 8, 20),
                      date(2023, 12, 31), date(2024, 2, 29)):  # fmt: skip
            last = station_compare.same_day_last_year(today)
            alone = effect.effect_report(session=session, years=[last.year],
                                         station_id="trosterud", cutoff=last)  # fmt: skip
            (page,) = [
                s for s in station_compare.compare_stations(
                    session=session, today=today, row=Row.REUSED_KG
                ).stations if s.station_id == "trosterud"
            ]  # fmt: skip
            assert page.last_year == {row: alone.rows[row][0] for row in Row}, today
        assert page.last_year[Row.EVENTS] > 0  # not vacuous: 2022 had events
