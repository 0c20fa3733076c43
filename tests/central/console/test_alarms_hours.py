"""Alarms that need more than one look: silence counted only on the station's opening days
(from its published hours), and a gap only once it outlives the sync that showed it."""

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from central.models import Batch, Device
from central.services import alarms, hours
from contract.hours import OSLO
from tests.central.conftest import Kiosk

LIMIT = timedelta(hours=48)


def kinds(app: FastAPI, now: datetime) -> set[str]:
    with Session(app.state.engine) as session:
        fleet = alarms.fleet(session=session, silent_after=LIMIT, clock_limit_s=300, now=now)
    return {a.kind for a in alarms.alarms(fleet)}


def last_contact(app: FastAPI, at: datetime) -> None:
    with Session(app.state.engine) as session:
        session.execute(update(Device).values(last_batch_at=at, enrolled_at=at - timedelta(days=1)))
        session.commit()


def test_closed_days_do_not_count_towards_silence(app: FastAPI, kiosk: Kiosk) -> None:
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=OSLO)
    tuesday_noon = datetime(2026, 12, 1, 12, 0, tzinfo=OSLO)  # 90 h later on the wall clock
    last_contact(app, friday_evening)
    # Without published hours every hour counts: silent.
    assert kinds(app, tuesday_noon) == {"silent"}
    with Session(app.state.engine) as session:
        hours.publish_hours(now=datetime.now(UTC),
            session=session,
            station_id=kiosk.station_id,
            document={"weekly": {"wed": ["11:00-16:00"], "thu": ["11:00-18:00"],
                                 "fri": ["11:00-16:00"]}},
            actor="test",
        )  # fmt: skip
        session.commit()
    # Open Wed-Fri only: Friday's last 6 h count, the weekend, Monday and Tuesday do not.
    assert kinds(app, tuesday_noon) == set()
    # Wednesday and Thursday are opening days: by Thursday 18:00 it is 6 + 24 + 18 = 48 h...
    assert kinds(app, datetime(2026, 12, 3, 18, 0, tzinfo=OSLO)) == set()
    # ... and just past it, the kiosk is silent.
    assert kinds(app, datetime(2026, 12, 3, 18, 1, tzinfo=OSLO)) == {"silent"}


def test_a_gap_is_an_alarm_only_after_the_next_sync(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    first, second, third = kiosk.record(), kiosk.record(), kiosk.record()
    fourth = kiosk.record()
    sent = api.post("/api/v1/batches", json=kiosk.batch([first, third]), headers=kiosk.auth)
    assert sent.status_code == 200
    now = datetime.now(OSLO) + timedelta(minutes=1)
    assert kinds(app, now) == set()  # seq 2 may still be on its way
    # Later in the same pass (within gap_after): still not an alarm.
    sent = api.post("/api/v1/batches", json=kiosk.batch([fourth]), headers=kiosk.auth)
    assert sent.status_code == 200
    assert kinds(app, now) == set()
    # That pass was an hour ago; now the kiosk syncs again (a status report) and 2 is missing.
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    with Session(app.state.engine) as session:
        session.execute(update(Batch).values(received_at=an_hour_ago))
        session.execute(update(Device).values(last_batch_at=an_hour_ago))
        session.commit()
    assert kinds(app, now) == set()
    status = {"app_version": "0.1.0", "pending": 0, "quarantined": 1,
              "oldest_pending_at": None, "sent_at": datetime.now(UTC).isoformat()}  # fmt: skip
    assert api.post("/api/v1/devices/me/status", json=status, headers=kiosk.auth).status_code == 204
    # The next sync came and seq 2 did not; the kiosk holds it quarantined, an alarm of its own.
    assert kinds(app, now) == {"gap", "quarantined"}
    sent = api.post("/api/v1/batches", json=kiosk.batch([second]), headers=kiosk.auth)
    assert sent.status_code == 200
    assert kinds(app, now) == {"quarantined"}  # filled: no gap alarm
