"""Per-device sequence state: the highest contiguous seq (high-water mark) and the gaps above it."""

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from central.errors import NotFound
from central.models import ACTIVITY_TABLES, Device
from central.schemas import GapPublic, IncomingBatch, SequencePublic

# One seq space per device across every record type's table (":d" is the device).
_SEQS = (
    "("
    + " UNION ALL ".join(
        f"SELECT seq FROM {t} WHERE device_id = :d"
        for t in ("records", *(table.name for table in ACTIVITY_TABLES.values()))
    )
    + ")"
)


def advance_contiguous(conn: Connection, device_id: str, current: int, batch: IncomingBatch) -> int:
    """The highest n such that seqs 1..n have all arrived, starting the search at ``current``."""
    start = current
    if batch.first_seq <= current + 1 and batch.count == batch.last_seq - batch.first_seq + 1:
        # The usual case: a gap-free batch that joins on. Everything up to its last seq is
        # now held, so the search starts there instead of at ``current``.
        start = max(current, batch.last_seq)
    nxt = conn.scalar(
        text(f"SELECT count(*) FROM {_SEQS} s WHERE s.seq = :n"), {"d": device_id, "n": start + 1}
    )
    if not nxt:
        return start
    # Not NULL: the row at start + 1 exists, so some run above start ends.
    end: int = conn.scalar(
        text(
            f"SELECT min(r.seq) FROM {_SEQS} r WHERE r.seq > :h "
            f"AND NOT EXISTS (SELECT 1 FROM {_SEQS} n WHERE n.seq = r.seq + 1)"
        ),
        {"d": device_id, "h": start},
    )
    return end


def seq_bounds(conn: Connection, device_id: str) -> tuple[int, int]:
    """The device's lowest and highest seq held, of any record type; (0, 0) when none."""
    low, high = conn.execute(
        text(f"SELECT min(seq), max(seq) FROM {_SEQS} s"), {"d": device_id}
    ).one()
    return int(low or 0), int(high or 0)


def sequence_state(*, session: Session, device_id: str) -> SequencePublic:
    """The device's highest contiguous seq and every gap above it: proof of what is missing."""
    device = session.get(Device, device_id)
    if device is None:
        raise NotFound("unknown_device", f"Device {device_id!r} is not enrolled.")
    conn = session.connection()
    first, highest = seq_bounds(conn, device_id)
    rows = conn.execute(
        text(
            "SELECT seq, next_seq FROM (SELECT seq, lead(seq) OVER (ORDER BY seq) AS next_seq "
            f"FROM {_SEQS} a WHERE seq >= :h) AS s WHERE next_seq - seq > 1 "
            "ORDER BY seq"
        ),
        {"d": device_id, "h": device.highest_contiguous_seq},
    ).all()
    gaps = [GapPublic(first=seq + 1, last=nxt - 1) for seq, nxt in rows]
    if first > 1:
        gaps.insert(0, GapPublic(first=1, last=first - 1))
    return SequencePublic(
        device_id=device_id,
        highest_contiguous_seq=device.highest_contiguous_seq,
        highest_seq=highest,
        gaps=gaps,
    )
