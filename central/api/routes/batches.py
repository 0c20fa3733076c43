"""POST /api/v1/batches: one atomic batch of records from one device, gzip or plain JSON.

The body is read by hand rather than by a pydantic parameter: it may be gzip, its size
must be capped while decompressing, and a refusal must name the record, not a JSON path.
A valid body is decoded by central.decode (msgspec); pydantic reads anything else.
"""

import hashlib
import json
import zlib
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import TypeAdapter, ValidationError

from central import errors
from central.api.deps import CurrentDevice, NowDep, SessionDep, SettingsDep
from central.core.errors import problem
from central.decode import decode
from central.schemas import BatchCreate, BatchPublic, IncomingBatch
from central.services import ingest
from contract.fields import REGISTRY
from contract.wire import canonical_sha256

router = APIRouter(tags=["batches"])


class _Reader:
    """A batch from its JSON bytes: msgspec's Structs (central.decode) for a body pydantic
    would take with the same values, a kiosk's, in a fraction of its time (pydantic was ~46 %
    of central's time, issue 24); pydantic for any other body, which takes it after all or
    raises the ValidationError a refusal is worded from."""

    def __init__(self) -> None:
        self._pydantic = TypeAdapter(BatchCreate)

    def validate_json(self, body: bytes) -> IncomingBatch:
        fast = decode(body)
        return fast if fast is not None else self._pydantic.validate_json(body)


_BATCH = _Reader()


def _decode(raw: bytes | bytearray, encoding: str, limit: int) -> bytes:
    if encoding in ("", "identity"):
        if len(raw) > limit:
            raise errors.TooLarge("batch_too_large", f"Batch body exceeds {limit} bytes.")
        return bytes(raw)
    if encoding != "gzip":
        raise errors.Unsupported(
            "unsupported_encoding", f"Content-Encoding {encoding!r}; use gzip."
        )
    inflater = zlib.decompressobj(wbits=31)
    try:
        body = inflater.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise errors.Malformed("bad_gzip", f"Body is not valid gzip: {exc}.") from exc
    if len(body) > limit:
        raise errors.TooLarge("batch_too_large", f"Decompressed batch exceeds {limit} bytes.")
    return body


def _records_sha256(body: bytes, batch: IncomingBatch) -> str:
    """The records' hash, cheaply when the sender put the canonical records JSON last.

    The kiosk splices its canonical records JSON in as the body's last member, so hashing
    those bytes as they arrived proves them undamaged without serialising 5,000 records
    again. Any other layout falls back to re-serialising what was parsed.
    """
    start = body.find(b'"records":')
    end = body.rfind(b"}")
    if start != -1 and end > start:
        digest = hashlib.sha256(body[start + len(b'"records":') : end].strip()).hexdigest()
        if digest == batch.sha256:
            return digest
    return canonical_sha256(json.loads(body)["records"])


def _refusal(body: bytes, exc: ValidationError) -> errors.DomainError:
    """Turn the first validation error into a refusal naming the record and the field."""
    error = exc.errors()[0]
    if error["type"] == "json_invalid":
        return errors.Malformed("malformed_json", f"Body is not valid JSON: {error['msg']}.")
    loc = error["loc"]
    if len(loc) >= 2 and loc[0] == "records" and isinstance(loc[1], int):
        index = loc[1]
        raw = json.loads(body)["records"][index]
        record_id = raw.get("id") if isinstance(raw, dict) else None
        # A typed record's errors carry its type as a path step; the field is what follows.
        parts = loc[3:] if len(loc) > 2 and loc[2] in REGISTRY else loc[2:]
        field = "type" if error["type"] == "union_tag_invalid" else ".".join(map(str, parts))
        field = field or "record"
        return errors.Invalid(
            "invalid_record",
            f"{field}: {error['msg']}",
            record_id=record_id if isinstance(record_id, str) else None,
            index=index,
        )
    field = ".".join(str(part) for part in loc) or "batch"
    return errors.Invalid("invalid_batch", f"{field}: {error['msg']}")


def _head(body: bytes) -> tuple[str, str] | None:
    """(batch_id, sha256) from the members before ``records``, or None if they are not there.

    The kiosk sends them first, so a resend is known by reading a few hundred bytes: central
    answers it from its batch table without validating thousands of records again (that was
    half of central's time on a resend, bench/sync_profile.py). Anything unusual (no such
    members, not JSON) goes the whole way.
    """
    start = body.find(b'"records":')
    if start < 0:
        return None
    try:
        head = json.loads(body[:start].rstrip().rstrip(b",") + b"}")
    except ValueError:
        return None
    if not isinstance(head, dict):
        return None
    batch_id, sha256 = head.get("batch_id"), head.get("sha256")
    if isinstance(batch_id, str) and isinstance(sha256, str):
        return batch_id, sha256
    return None


def _parse(body: bytes, max_records: int) -> tuple[IncomingBatch, str]:
    """Validate straight from the JSON bytes (no json.loads in between)."""
    try:
        batch = _BATCH.validate_json(body)
    except ValidationError as exc:
        raise _refusal(body, exc) from exc
    if len(batch.records) > max_records:
        raise errors.TooLarge(
            "batch_too_large",
            f"Batch has {len(batch.records)} records; the limit is {max_records}.",
        )
    if not batch.records:
        raise errors.Invalid("empty_batch", "A batch must hold at least one record.")
    return batch, _records_sha256(body, batch)


@router.post(
    "/batches",
    response_model=BatchPublic,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/BatchCreate"}}
            },
        }
    },
    responses={
        **problem(400, "malformed JSON or gzip"),
        **problem(401, "missing or wrong device token"),
        **problem(403, "record for another station or device"),
        **problem(
            409,
            "batch id reused with other content; a record id or (device, seq) already "
            "held with other content (seq_taken, record_differs), or a reversal of an "
            "original already reversed or of a reversal (already_reversed, "
            "reverses_a_reversal), named by id and index",
        ),
        **problem(413, "batch too large"),
        **problem(415, "Content-Encoding other than gzip"),
        **problem(422, "invalid record or duplicate id in the batch, named by id and index"),
        **problem(503, "database busy or unreachable; retry after Retry-After"),
    },
)
async def post_batch(
    request: Request,
    device: CurrentDevice,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> BatchPublic:
    metrics = request.app.state.metrics
    try:
        answer = await _receive(request, device, session, settings, now)
    except errors.DomainError:
        metrics.batches.labels("refused").inc()
        raise
    metrics.batches.labels("accepted").inc()
    metrics.records.labels("inserted").inc(answer.inserted)
    metrics.records.labels("duplicate").inc(answer.duplicates)
    return answer


async def _receive(
    request: Request,
    device: CurrentDevice,
    session: SessionDep,
    settings: SettingsDep,
    now: datetime,
) -> BatchPublic:
    # End the token lookup's transaction before waiting for a body that may arrive slowly: on
    # SQLite it holds the write lock (BEGIN IMMEDIATE), on PostgreSQL a pooled connection.
    await run_in_threadpool(session.commit)
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        # Stop reading at the limit: a compressed body is never larger than what it inflates to.
        if len(raw) > settings.max_batch_bytes:
            raise errors.TooLarge(
                "batch_too_large", f"Batch body exceeds {settings.max_batch_bytes} bytes."
            )
    body = _decode(
        raw, request.headers.get("content-encoding", "").strip().lower(), settings.max_batch_bytes
    )

    def work() -> BatchPublic:
        head = _head(body)
        if head is not None:
            answered = ingest.stored_answer(
                session=session, device=device, batch_id=head[0], sha256=head[1]
            )
            session.commit()
            if answered is not None:
                return answered
        # Decoded outside any transaction: on SQLite the lookup's BEGIN IMMEDIATE holds the
        # write lock, and a kiosk's next batch (IN_FLIGHT) is decoded while this one writes.
        batch, records_sha256 = _parse(body, settings.max_batch_records)
        answer = ingest.ingest_batch(
            received_at=now,
            session=session,
            device=device,
            batch=batch,
            records_sha256=records_sha256,
            max_weight_g=settings.max_weight_g,
        )
        session.commit()
        return answer

    # Parsing and the database are blocking work; keep them off the event loop.
    return await run_in_threadpool(work)
