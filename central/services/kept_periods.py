"""The learned weights' period sums, kept in this process from one view to the next. A
period's sums change only when a record lands inside it (a new or reversed pickup makes new
periods, summed when first asked for), and records come only by ingest, each batch with its
``batches`` row; so a view drops the held periods that the batches received since the last
view land in, and sums only the periods it does not hold."""

import threading
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from central.models import Batch
from central.services.capture_sums import Detail, Span, period_sums
from central.services.rollup import RECORDS, counted_rows

# Batches whose records are read per statement when dropping periods (each one range of the
# (device, seq) index).
CHUNK = 100


@dataclass
class _Kept:
    batches: set[str] = field(default_factory=set)
    periods: dict[Span, dict[Detail, int]] = field(default_factory=dict)


_kept: dict[tuple[str, int], _Kept] = {}
_lock = threading.Lock()


def kept_sums(session: Session, spans: Sequence[Span]) -> list[dict[Detail, int]]:
    """The grams of each span, as ``capture_sums.period_sums`` gives them (``whole``), from the
    periods held for this database and those summed now."""
    engine = session.get_bind().engine
    with _lock:
        kept = _kept.setdefault((str(engine.url), id(engine)), _Kept())
        # Batches first: a batch that lands after this read and before the sums below is
        # summed now and dropped again next time, never missed.
        batches = session.execute(
            select(Batch.id, Batch.device_id, Batch.first_seq, Batch.last_seq)
        ).all()
        new = [b for b in batches if b.id not in kept.batches]
        if kept.periods and new:
            _drop(session, kept, new)
        kept.batches = {b.id for b in batches}
        missing = [s for s in dict.fromkeys(spans) if s not in kept.periods]
        summed = period_sums(session, missing)
        # Only the periods this view asked for are kept: one a new pickup split is not asked
        # for again.
        held = kept.periods
        kept.periods = {s: held[s] for s in spans if s in held}
        kept.periods.update((s, sums.whole) for s, sums in zip(missing, summed, strict=True))
        return [kept.periods[s] for s in spans]


def _drop(session: Session, kept: _Kept, new: Sequence[Any]) -> None:
    """Forget every held period that a record of these batches counts in (a reversal where
    the record it reverses counts, on its category)."""
    moments: dict[tuple[str, str], list[datetime]] = defaultdict(list)
    r = RECORDS.c
    for n in range(0, len(new), CHUNK):
        ranges = [
            and_(r.device_id == b.device_id, r.seq.between(b.first_seq, b.last_seq))
            for b in new[n : n + CHUNK]
        ]
        for row in session.execute(counted_rows().where(or_(*ranges))):
            moments[str(row[0]), str(row[2])].append(row[1])
    for at in moments.values():
        at.sort()
    for span in list(kept.periods):
        for code in span.categories:
            at = moments.get((span.station_id, code), [])
            i = bisect_right(at, span.start) if span.start is not None else 0
            if i < len(at) and at[i] <= span.end:
                del kept.periods[span]
                break
