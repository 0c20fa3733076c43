"""Residents' one-tap answers per station and month, beside that month's resident
registrations: how many answered, and how the answers went (contract.records.FEEDBACK)."""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import ACTIVITY_TABLES, DepositMonth
from contract.records import Answer
from contract.times import OSLO

FEEDBACK = ACTIVITY_TABLES["feedback"]
MONTHS = DepositMonth.__table__


@dataclass(frozen=True, slots=True)
class MonthAnswers:
    month: str  # YYYY-MM, Oslo time
    good: int
    so_so: int
    bad: int
    registrations: int  # the residents' own (self-service) registrations that month


def _month(moment: datetime) -> str:
    return moment.astimezone(OSLO).strftime("%Y-%m")


def monthly_answers(*, session: Session, station_id: str, year: int) -> list[MonthAnswers]:
    """Every month of ``year`` (Oslo time) with an answer or a resident registration, newest
    first. Answers are few and counted in Python (a month in Oslo time reads the same on
    SQLite and PostgreSQL this way); registrations come from the monthly rollup, which
    counts them by the same Oslo month (a station's year of records took seconds)."""
    start = datetime.combine(date(year, 1, 1), time(), tzinfo=OSLO).astimezone(UTC)
    end = datetime.combine(date(year + 1, 1, 1), time(), tzinfo=OSLO).astimezone(UTC)
    answers: Counter[tuple[str, str]] = Counter()
    for at, answer in session.execute(
        select(FEEDBACK.c.recorded_at, FEEDBACK.c.answer).where(
            FEEDBACK.c.station_id == station_id,
            FEEDBACK.c.reverses.is_(None),
            FEEDBACK.c.recorded_at >= start,
            FEEDBACK.c.recorded_at < end,
        )
    ):
        answers[_month(at), answer] += 1
    rollup = MONTHS.c
    registrations: Counter[str] = Counter(
        {
            f"{month:%Y-%m}": int(n)
            for month, n in session.execute(
                select(rollup.month, func.sum(rollup.self_service))
                .where(
                    rollup.station_id == station_id,
                    rollup.month.between(date(year, 1, 1), date(year, 12, 1)),
                )
                .group_by(rollup.month)
                .having(func.sum(rollup.self_service) > 0)
            )
        }
    )
    months = {m for m, _ in answers} | set(registrations)
    return [
        MonthAnswers(
            month=m,
            good=answers[m, Answer.GOOD.value],
            so_so=answers[m, Answer.SO_SO.value],
            bad=answers[m, Answer.BAD.value],
            registrations=registrations[m],
        )
        for m in sorted(months, reverse=True)
    ]
