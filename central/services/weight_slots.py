"""The learned weights' period sums, kept in this process from one view to the next. A
fraction's pickup period is a run of slots, the spans between consecutive live pickups at its
station of any fraction, so a slot serves every fraction and stays right until a record lands
in it; a view sums only the slots it does not hold, after dropping those that the batches
received since the last view land in (records come only by ingest, each with its batch)."""

import threading
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from central.models import Batch
from central.services import capture
from central.services.capture_sums import Detail, Span, period_sums
from central.services.rollup import RECORDS, counted_rows

# Batches whose records are read per statement when dropping slots (each one range of the
# (device, seq) index).
CHUNK = 100

Slot = tuple[str, datetime, datetime]  # (station, after, upto)
_ByCategory = dict[str, list[tuple[Detail, int]]]


@dataclass
class _Kept:
    batches: set[str] = field(default_factory=set)
    # Per slot: the categories summed, and per category its grams by detail.
    slots: dict[Slot, tuple[frozenset[str], _ByCategory]] = field(default_factory=dict)


_kept: dict[tuple[str, int], _Kept] = {}
_lock = threading.Lock()


def kept_sums(session: Session, spans: Sequence[Span]) -> list[dict[Detail, int]]:
    """The grams of each span (each with a start), as ``capture_sums.period_sums`` gives
    them, from the slots held for this database and those summed now."""
    engine = session.get_bind().engine
    with _lock:
        kept = _kept.setdefault((str(engine.url), id(engine)), _Kept())
        # Batches first: a batch that lands after this read and before the sums below is
        # summed now and dropped again next time, never missed.
        batches = session.execute(
            select(Batch.id, Batch.device_id, Batch.first_seq, Batch.last_seq)
        ).all()
        new = [b for b in batches if b.id not in kept.batches]
        if kept.slots and new:
            _drop(session, kept, new)
        kept.batches = {b.id for b in batches}
        slots = _slots(session, spans)
        wanted: dict[Slot, set[str]] = defaultdict(set)
        for span, each in zip(spans, slots, strict=True):
            for slot in each:
                wanted[slot].update(span.categories)
        missing = [
            (slot, frozenset(codes))
            for slot, codes in wanted.items()
            if slot not in kept.slots or not codes <= kept.slots[slot][0]
        ]
        summed = period_sums(
            session, [Span(s, tuple(sorted(codes)), a, b) for (s, a, b), codes in missing]
        )
        fresh = {
            slot: (codes, _by_category(sums.whole))
            for (slot, codes), sums in zip(missing, summed, strict=True)
        }
        # Only the slots this view used are kept: a slot a new pickup split is not used again.
        kept.slots = {slot: fresh.get(slot) or kept.slots[slot] for slot in wanted}
        out = []
        for span, each in zip(spans, slots, strict=True):
            total: dict[Detail, int] = defaultdict(int)
            for slot in each:
                held = kept.slots[slot][1]
                for code in span.categories:
                    for detail, grams in held.get(code, ()):
                        total[detail] += grams
            out.append(total)
        return out


def _by_category(sums: dict[Detail, int]) -> _ByCategory:
    out: _ByCategory = defaultdict(list)
    for detail, grams in sums.items():
        out[detail[0]].append((detail, grams))
    return dict(out)


def _slots(session: Session, spans: Sequence[Span]) -> list[list[Slot]]:
    """Each span cut at every live pickup at its station strictly inside it."""
    each = capture.spans()
    marks: dict[str, list[datetime]] = defaultdict(list)
    stations = sorted({s.station_id for s in spans})
    for station, at in session.execute(
        select(each.c.station_id, each.c.weighed_at)
        .where(each.c.station_id.in_(stations))
        .distinct()
        .order_by(each.c.station_id, each.c.weighed_at)
    ):
        marks[str(station)].append(at)
    out = []
    for s in spans:
        assert s.start is not None  # the learned weights leave out a first period
        at = marks[s.station_id]
        inner = at[bisect_right(at, s.start) : bisect_left(at, s.end)]
        ends = [s.start, *inner, s.end]
        out.append([(s.station_id, a, b) for a, b in pairwise(ends)])
    return out


def _drop(session: Session, kept: _Kept, new: Sequence[Any]) -> None:
    """Forget every held slot that a record of these batches counts in (a reversal where the
    record it reverses counts)."""
    moments: dict[str, list[datetime]] = defaultdict(list)
    r = RECORDS.c
    for n in range(0, len(new), CHUNK):
        ranges = [
            and_(r.device_id == b.device_id, r.seq.between(b.first_seq, b.last_seq))
            for b in new[n : n + CHUNK]
        ]
        for row in session.execute(counted_rows().where(or_(*ranges))):
            moments[str(row[0])].append(row[1])
    for at in moments.values():
        at.sort()
    for slot in list(kept.slots):
        station, after, upto = slot
        at = moments.get(station, [])
        i = bisect_right(at, after)
        if i < len(at) and at[i] <= upto:
            del kept.slots[slot]
