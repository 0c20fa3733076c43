"""A self-service station's weeks for the learned-weights tests: self-service registrations
estimated at the catalogue's defaults, counter-weighed deliveries, and tickets made from known
true weights with noise."""

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from central.services import learned_weights, pickups
from central.services.estimates import PeriodData
from contract.records import PickupSource
from tests.central.conftest import Kiosk
from tests.helpers.records import WIRE_TIME

FRACTION = "ee_small+hard_plastic+textiles"
DEFAULT = {"ee_small": 3_000, "hard_plastic": 3_000, "textiles": 4_000}  # catalogue version 2
TRUE = {"ee_small": 3_900, "hard_plastic": 2_400, "textiles": 5_200}
START = datetime(2026, 1, 5, 8, tzinfo=UTC)


class Station:
    """A self-service station's weeks: what the kiosk sent, and what the tickets said."""

    def __init__(self, app: FastAPI, api: TestClient, kiosk: Kiosk, seed: int = 25) -> None:
        self.app, self.api, self.kiosk = app, api, kiosk
        self.rng = random.Random(seed)
        self.weeks = 0
        self.counted: list[dict[str, int]] = []  # per period: items per category
        self.measured: list[int] = []  # per period: grams weighed at the counter
        self.ticket(START)  # the first pickup: its period has no known start

    def ticket(self, at: datetime, grams: int = 1_000) -> None:
        row = {
            "ticket_no": f"W-{self.weeks}",
            "weighed_at": at.isoformat(),
            "station_id": self.kiosk.station_id,
            "fraction": FRACTION,
            "net_kg": grams / 1000,
        }
        with Session(self.app.state.engine) as session:
            done = pickups.store_pickups(
                session=session, rows=[row], source=PickupSource.IMPORT, now=datetime.now(UTC)
            )
            assert not done.refused, done.refused
            session.commit()

    def grow(self, weeks: int) -> None:
        records: list[dict[str, Any]] = []
        for _ in range(weeks):
            begins = START + timedelta(weeks=self.weeks)
            counts = {c: self.rng.randint(5, 40) for c in TRUE}
            true_g = 0.0
            for n, (category, items) in enumerate(counts.items()):
                # Two self-service deliveries per category: a count times the default weight.
                first = items // 2
                for k, part in enumerate((first, items - first)):
                    at = begins + timedelta(days=1, hours=n, minutes=k)
                    records.append(
                        self.kiosk.record(
                            recorded_at=at.strftime(WIRE_TIME),
                            category=category,
                            weight_g=part * DEFAULT[category],
                            weight_source="estimate",
                            channel="self_service",
                            catalog_version=2,
                            type="deposit",
                        )
                    )
                true_g += items * TRUE[category] * self.rng.uniform(0.9, 1.1)
            measured = self.rng.randint(40_000, 120_000)
            records.append(
                self.kiosk.record(
                    recorded_at=(begins + timedelta(days=2)).strftime(WIRE_TIME),
                    category="ee_small",
                    weight_g=measured,
                    weight_source="scale_stable",
                    type="deposit",
                )
            )
            self.weeks += 1
            self.counted.append(counts)
            self.measured.append(measured)
            grams = round(true_g + measured + self.rng.gauss(0, 3_000))
            self.ticket(START + timedelta(weeks=self.weeks), grams)
        for i in range(0, len(records), 400):
            batch = self.kiosk.batch(records[i : i + 400], contract_version=5)
            answer = self.api.post("/api/v1/batches", json=batch, headers=self.kiosk.auth)
            assert answer.status_code == 200, answer.text

    def gathered(self) -> list[PeriodData]:
        with Session(self.app.state.engine) as session:
            return learned_weights.gather(session=session, fraction=FRACTION)

    def proposals(self) -> learned_weights.FractionProposals:
        with Session(self.app.state.engine) as session:
            return learned_weights.proposals(session=session, fraction=FRACTION)
