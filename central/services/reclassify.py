"""Reclassify a category: the one way a code's kind changes (a code keeps its kind otherwise).

A new catalogue version carries the new kind to the kiosks, the rollup is restated for
every record of the code already held, and an audit line says who, why and when.
"""

import json
from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from central.errors import Conflict, Invalid, NotFound
from central.models import AuditEvent, CatalogueVersion
from central.services.catalogue import latest_catalogue
from central.services.rollup import RECORDS, MonthRow, add_counted, counted_rows
from contract.catalogue import catalogue_problems
from contract.records import Kind

# Ingest holds this shared while it counts a batch by the kinds it read; reclassify holds it
# alone, so no batch counts by a kind read before the change and lands after the restatement.
KINDS_LOCK = 0x6D67_6B69  # "mgki"


def hold_kinds(conn: Connection, *, exclusive: bool = False) -> None:
    """Take the kinds lock for this transaction (PostgreSQL; SQLite serialises writers)."""
    if conn.dialect.name == "postgresql":
        call = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        conn.execute(text(f"SELECT {call}(:k)"), {"k": KINDS_LOCK})


def reclassify(
    *, session: Session, code: str, kind: str, note: str, actor: str, now: datetime
) -> CatalogueVersion:
    """Give ``code`` the kind ``kind`` from now on and in every report, past years included."""
    if kind not in tuple(Kind):
        raise Invalid("invalid_kind", f"kind: must be one of {', '.join(Kind)}")
    if not note.strip():
        raise Invalid("invalid_note", "note: say why (it goes into the audit log)")
    conn = session.connection()
    hold_kinds(conn, exclusive=True)
    current = latest_catalogue(session=session)
    document = json.loads(current.document) if current is not None else {"categories": []}
    category = next((c for c in document["categories"] if c["code"] == code), None)
    if current is None or category is None:
        raise NotFound("unknown_category", f"code: {code!r} is not in the current catalogue")
    old = category["kind"]
    if old == kind:
        raise Conflict("kind_unchanged", f"Category {code!r} already is {kind!r}.")
    category["kind"] = kind
    document["version"] = current.version + 1
    problems = catalogue_problems(document)
    if problems:  # pragma: no cover - the stored catalogue was valid and kind is checked
        raise Invalid("invalid_catalogue", f"{problems[0][0]}: {problems[0][1]}")
    row = CatalogueVersion(
        version=document["version"],
        document=json.dumps(document, ensure_ascii=False),
        published_at=now,
    )
    session.add(row)
    # Restate: every record of the code (reversals on their originals' days) moves from the
    # old measure to the new one. One pass over the records table: a rare, deliberate act.
    # counted_rows types its first seven columns; "channel" makes the eighth.
    held = cast(
        "Sequence[MonthRow]",
        conn.execute(counted_rows("channel").where(RECORDS.c.category == code)).all(),
    )
    add_counted(conn, held, {code: old}, sign=-1)
    add_counted(conn, held, {code: kind})
    session.add(
        AuditEvent(
            at=now,
            actor=actor,
            action="reclassify",
            target=code,
            detail=f"{old} -> {kind} (catalogue version {row.version}, {len(held)} records "
            f"restated): {note.strip()}",
        )
    )
    session.flush()
    return row
