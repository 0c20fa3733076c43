"""What recurring seasons cost where hours are read: parsing (and so checking) a document of
the most seasons a document may hold (contract.hours.MAX_SEASONS), recurring, against the same
seasons dated to one year, in the same run. Prints one JSON line."""

import json
import os
import platform
import time
from datetime import UTC, datetime
from typing import Any

from contract.hours import MAX_SEASONS, parse_hours

ROUNDS = 200


def _document(year: str) -> dict[str, Any]:
    spans = [(m, "01", "10") for m in range(1, 13)] + [(m, "15", "25") for m in range(1, 13)]
    seasons = [
        {"name": f"S{m}.{a}", "from": f"{year}{m:02d}-{a}", "to": f"{year}{m:02d}-{b}",
         "weekly": {"thu": ["12:00-15:00"]}}
        for m, a, b in spans[:MAX_SEASONS]
    ]  # fmt: skip
    return {"version": 1, "weekly": {"mon": ["11:00-16:00"]}, "seasons": seasons}


def _ms(document: dict[str, Any]) -> float:
    best = float("inf")
    for _ in range(5):  # the best of five: the machine is shared
        start = time.perf_counter()
        for _ in range(ROUNDS):
            parse_hours(document)
        best = min(best, (time.perf_counter() - start) / ROUNDS * 1000)
    return best


def main() -> None:
    dated, recurring = _ms(_document("2027-")), _ms(_document(""))
    print(json.dumps({
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_average": round(os.getloadavg()[0], 2),
        "seasons": MAX_SEASONS,
        "parse_dated_ms": round(dated, 3),
        "parse_recurring_ms": round(recurring, 3),
        "ratio_recurring_to_dated": round(recurring / dated, 2),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
