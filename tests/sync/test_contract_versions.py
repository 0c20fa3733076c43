"""The kiosk sends the newest contract version central says it accepts: a central of the
previous release (no check-in, and a catalogue answer without contract_version) gets
version-1 batches."""

import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from contract import CONTRACT_VERSION
from contract.fields import validate_record
from contract.wire import canonical_sha256, upgrade_record
from kiosk.db.deposits import register_deposit
from kiosk.db.store import Store
from kiosk.sync.client import CentralClient, Rejected
from kiosk.sync.engine import run_sync
from kiosk.sync.outbox import OutgoingBatch
from tests.helpers.servers import SyncASGITransport
from tests.sync.conftest import central_ids, enrol_store


class RecordingClient(CentralClient):
    """The real client; keeps each body it sent, and can hide central's contract_version."""

    def __init__(self, *args: Any, previous_release: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.previous_release = previous_release
        self.bodies: list[dict[str, Any]] = []

    def check_in(self, **kwargs: Any) -> dict[str, Any]:
        if self.previous_release:  # the first release's central had no check-in
            raise Rejected(404, "refused", "Not Found")
        return super().check_in(**kwargs)

    def catalog(self, *, since: int) -> dict[str, Any]:
        answer = super().catalog(since=since)
        if self.previous_release:
            del answer["contract_version"]  # what the first release's central answered
        return answer

    def post_batch(self, batch: OutgoingBatch) -> dict[str, Any]:
        self.bodies.append(json.loads(batch.body()))
        return super().post_batch(batch)


def sync(central: FastAPI, store: Store, data_dir: Path, *, previous_release: bool):
    transport = SyncASGITransport(central)
    token = enrol_store(central, store, "http://central", data_dir, transport=transport)
    with RecordingClient(
        "http://central", token=token, transport=transport, previous_release=previous_release
    ) as client:
        status = run_sync(store=store, client=client, batch_size=2)
    return status, client.bodies


def test_a_central_of_the_previous_release_gets_version_1_batches(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    ids = [register_deposit(store=store, category="wood", weight_g=900).id for _ in range(3)]
    status, bodies = sync(central, store, data_dir, previous_release=True)
    assert (status.pushed, status.pending, status.quarantined, status.error) == (3, 0, 0, None)
    assert len(bodies) == 2
    for body in bodies:
        assert "contract_version" not in body
        assert all("type" not in record for record in body["records"])
        assert body["sha256"] == canonical_sha256(body["records"])
        assert all(validate_record(upgrade_record(1, r)) == [] for r in body["records"])
    assert sorted(central_ids(central)) == sorted(ids)


def test_a_current_central_gets_the_current_version(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    ids = [register_deposit(store=store, category="wood", weight_g=900).id for _ in range(3)]
    status, bodies = sync(central, store, data_dir, previous_release=False)
    assert (status.pushed, status.error) == (3, None)
    assert {body["contract_version"] for body in bodies} == {CONTRACT_VERSION}
    assert all(validate_record(r) == [] for body in bodies for r in body["records"])
    assert sorted(central_ids(central)) == sorted(ids)
