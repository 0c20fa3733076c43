"""Each station's opening hours, owned by central: the newest version, and publishing one."""

import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.errors import Invalid, NotFound
from central.models import Station, StationHoursVersion
from central.schemas import HoursPublic
from central.services import planned
from contract.hours import (
    HOURS_FORMAT,
    OSLO,
    StationHours,
    hours_problems,
    older_format,
    parse_hours,
)


def latest_hours(*, session: Session, station_id: str) -> StationHoursVersion | None:
    return session.scalar(
        select(StationHoursVersion)
        .where(StationHoursVersion.station_id == station_id)
        .order_by(StationHoursVersion.version.desc())
        .limit(1)
    )


def hours_since(
    *, session: Session, station_id: str, since: int, now: datetime, hours_format: int = 1
) -> HoursPublic:
    """The station's schedule, its hours and planned events, if the kiosk's version ``since``
    is older; the documents are read only then (every pass of every kiosk asks).

    One version covers both: the newest hours version plus the planned events' revisions
    (``planned.revision_sum``), each only growing, so any change makes a newer version. The
    hours document goes out with that version in it, so a kiosk of the previous release, which
    reads its version from the document, asks with it too and is not sent the same again.

    A kiosk that does not say it reads ``hours_format`` 2 (one from before recurring seasons)
    is sent them as dated seasons (contract.hours.older_format): it would refuse the document.
    """
    newest = session.scalar(
        select(func.max(StationHoursVersion.version)).where(
            StationHoursVersion.station_id == station_id
        )
    )
    version = (newest or 0) + planned.revision_sum(session=session, station_id=station_id)
    if version <= since:
        return HoursPublic(changed=False, version=version, server_time=now)
    document = None
    if newest is not None:
        row = session.get(StationHoursVersion, (station_id, newest))
        assert row is not None  # its version was just read, and versions are never deleted
        document = {**json.loads(row.document), "version": version}
        if hours_format < HOURS_FORMAT:
            document = older_format(document, now.astimezone(OSLO).date())
    upcoming = planned.upcoming_rows(session=session, station_id=station_id, now=now)
    return HoursPublic(
        changed=True,
        version=version,
        hours=document,
        planned=[planned.as_planned(r).wire() for r in upcoming],
        server_time=now,
    )


def hours_in_force(*, session: Session, station_id: str) -> StationHours | None:
    """The station's published hours, evaluable; None when none were ever published."""
    row = latest_hours(session=session, station_id=station_id)
    return None if row is None else parse_hours(json.loads(row.document))


def all_hours_in_force(*, session: Session) -> dict[str, StationHours]:
    """Every station's newest published hours, in one query (for the fleet's alarms)."""
    newest = (
        select(StationHoursVersion.station_id, func.max(StationHoursVersion.version).label("v"))
        .group_by(StationHoursVersion.station_id)
        .subquery()
    )
    rows = session.execute(
        select(StationHoursVersion.station_id, StationHoursVersion.document).join(
            newest,
            (StationHoursVersion.station_id == newest.c.station_id)
            & (StationHoursVersion.version == newest.c.v),
        )
    )
    return {station_id: parse_hours(json.loads(document)) for station_id, document in rows}


def publish_hours(
    *, session: Session, station_id: str, document: dict[str, Any], actor: str, now: datetime
) -> StationHoursVersion:
    """Store ``document`` as the station's next version; central numbers the versions.

    Invalid names the first bad field; nothing is written then.
    """
    if session.get(Station, station_id) is None:
        raise NotFound("unknown_station", f"No station {station_id!r}.")
    current = latest_hours(session=session, station_id=station_id)
    version = 1 if current is None else current.version + 1
    document = {**document, "version": version, "station_id": station_id}
    problems = hours_problems(document)
    if problems:
        field, message = problems[0]
        raise Invalid("invalid_hours", f"{field}: {message}")
    row = StationHoursVersion(
        station_id=station_id,
        version=version,
        document=json.dumps(document, ensure_ascii=False, sort_keys=True),
        published_at=now,
        published_by=actor,
    )
    session.add(row)
    session.flush()
    return row
