"""The last enabled admin stays, even when two admins demote each other at the same moment:
the second one's check waits for the first one's change and then refuses (PostgreSQL's row
locks; SQLite lets one writer in at a time)."""

import threading
from datetime import UTC, datetime

from fastapi import FastAPI
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from central.models import StaffUser
from central.services import auth

HANG_BOUND = 60.0  # seconds: only a hung test waits this long


def _admins(session: Session) -> None:
    for name in ("anna", "bo"):
        auth.add_user(
            now=datetime.now(UTC), session=session, username=name, password="x" * 12, role="admin"
        )
    session.commit()


def _user(session: Session, name: str) -> StaffUser:
    return session.scalars(select(StaffUser).where(StaffUser.username == name)).one()


def test_two_admins_demoting_each_other_at_once_leave_one_admin(app: FastAPI) -> None:
    engine = app.state.engine
    with Session(engine) as setup:
        _admins(setup)
    answer: list[bool] = []
    with Session(engine) as first, Session(engine) as second:
        # anna demotes bo: checked (bo is not the last) and written, not yet committed.
        assert not auth.is_last_active_admin(session=first, user=_user(first, "bo"))
        auth.set_role(session=first, username="bo", role="viewer")

        def bo_demotes_anna() -> None:
            answer.append(auth.is_last_active_admin(session=second, user=_user(second, "anna")))

        worker = threading.Thread(target=bo_demotes_anna)
        worker.start()
        if engine.dialect.name == "postgresql":
            # The second check is waiting on the first's locks before the first commits, so
            # it is the lock, not the order of events, that makes it read the change.
            with engine.connect() as watch:
                waiting = text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()"
                )
                while worker.is_alive() and not watch.execute(waiting).scalar():
                    watch.rollback()
                assert worker.is_alive(), "the second check did not wait for the first"
        first.commit()
        worker.join(HANG_BOUND)
        assert answer == [True]  # anna is now the last enabled admin: refused
        second.rollback()
    with Session(engine) as check:
        roles = dict(check.execute(select(StaffUser.username, StaffUser.role)).all())
    assert roles == {"anna": "admin", "bo": "viewer"}
