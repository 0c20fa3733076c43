"""A resident's one-tap answer on the thank-you screen, kept as a ``feedback`` record.

No personal data: the question, the face, the language chosen and which way items went.
"""

from datetime import datetime

from contract.records import Answer, Direction, Language, question_for
from kiosk.db.records import SavedRecord, append_record
from kiosk.db.store import Store


def record_feedback(
    *,
    store: Store,
    answer: str,
    language: str,
    direction: str,
    now: datetime | None = None,
) -> SavedRecord:
    """Save one answer; the question follows from the direction (contract.records)."""
    fields = {
        "question": question_for(Direction(direction)).value,
        "answer": Answer(answer).value,
        "language": Language(language).value,
        "direction": Direction(direction).value,
    }
    return append_record(store, "feedback", fields, now=now)
