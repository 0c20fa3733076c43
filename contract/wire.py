"""The sync wire: canonical JSON and its sha256, the batch-id rule, time text, versions."""

import hashlib
import json
import uuid
from typing import Any

from contract import CONTRACT_VERSION
from contract.times import from_wire, to_wire

# Central's namespace for batch ids: the same records always make the same batch id.
BATCH_NAMESPACE = uuid.UUID("0e2c6a52-6f1e-4c43-9a55-5d3b8f1c7a10")


def canonical_json(records: list[dict[str, Any]]) -> str:
    """Sorted keys, no spaces, UTF-8 as is: the one text a list of records hashes as."""
    return json.dumps(records, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_text(canonical: str) -> str:
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def canonical_sha256(records: list[dict[str, Any]]) -> str:
    """The batch hash, always over the records exactly as sent (before any upgrade)."""
    return sha256_text(canonical_json(records))


def batch_id(device_id: str, sha256: str) -> str:
    """UUIDv5 of device and content: a resend of the same records keeps its batch id."""
    return str(uuid.uuid5(BATCH_NAMESPACE, f"{device_id}:{sha256}"))


# The wire's half of the one time codec (contract.times), under the names the wire has used.
format_time = to_wire
parse_time = from_wire


def upgrade_record(version: int, record: dict[str, Any]) -> dict[str, Any]:
    """A record of contract ``version`` as the current version has it (a new dict).

    Version 1 records had no "type": every one was a deposit. Version 2 events had no
    "audience": each gets the default by its kind (a course internal, the rest public).
    """
    if not 1 <= version <= CONTRACT_VERSION:
        raise ValueError(f"contract_version {version} is not within 1..{CONTRACT_VERSION}")
    if version == 1:
        return {**record, "type": "deposit"}
    from contract.records import default_audience  # records -> fields -> wire: import late

    if record.get("type") == "event" and record.get("audience") is None:
        return {**record, "audience": default_audience(str(record.get("kind"))).value}
    return dict(record)
