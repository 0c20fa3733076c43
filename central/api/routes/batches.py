"""POST /api/v1/batches: one atomic batch of records from one device, gzip or plain JSON.

The body is read by hand rather than by a pydantic parameter: it may be gzip, its size
must be capped while decompressing, and a refusal must name the record, not a JSON path.
"""

import json
import zlib
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import TypeAdapter, ValidationError

from central import crud
from central.api.deps import CurrentDevice, SessionDep, SettingsDep
from central.schemas import BatchCreate, BatchPublic, ProblemPublic

router = APIRouter(tags=["batches"])
_BATCH = TypeAdapter(BatchCreate)


def _decode(raw: bytes, encoding: str, limit: int) -> bytes:
    if encoding in ("", "identity"):
        if len(raw) > limit:
            raise crud.Problem(413, "batch_too_large", f"Batch body exceeds {limit} bytes.")
        return raw
    if encoding != "gzip":
        raise crud.Problem(415, "unsupported_encoding", f"Content-Encoding {encoding!r}; use gzip.")
    inflater = zlib.decompressobj(wbits=31)
    try:
        body = inflater.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise crud.Problem(400, "bad_gzip", f"Body is not valid gzip: {exc}.") from exc
    if len(body) > limit:
        raise crud.Problem(413, "batch_too_large", f"Decompressed batch exceeds {limit} bytes.")
    return body


def _parse(body: bytes, max_records: int) -> tuple[BatchCreate, list[dict[str, Any]]]:
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise crud.Problem(400, "malformed_json", f"Body is not valid JSON: {exc}.") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("records"), list):
        raise crud.Problem(422, "not_a_batch", "Body must be a batch object with a records list.")
    records = doc["records"]
    if len(records) > max_records:
        raise crud.Problem(
            413, "batch_too_large", f"Batch has {len(records)} records; the limit is {max_records}."
        )
    if not records:
        raise crud.Problem(422, "empty_batch", "A batch must hold at least one record.")
    try:
        return _BATCH.validate_python(doc), records
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = error["loc"]
        if len(loc) >= 2 and loc[0] == "records" and isinstance(loc[1], int):
            index = loc[1]
            raw = records[index]
            record_id = raw.get("id") if isinstance(raw, dict) else None
            field = ".".join(str(part) for part in loc[2:]) or "record"
            raise crud.Problem(
                422,
                "invalid_record",
                f"{field}: {error['msg']}",
                record_id=record_id if isinstance(record_id, str) else None,
                index=index,
            ) from exc
        field = ".".join(str(part) for part in loc) or "batch"
        raise crud.Problem(422, "invalid_batch", f"{field}: {error['msg']}") from exc


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
        400: {"model": ProblemPublic, "description": "malformed JSON or gzip"},
        401: {"model": ProblemPublic, "description": "missing or wrong device token"},
        403: {"model": ProblemPublic, "description": "record for another station or device"},
        409: {"model": ProblemPublic, "description": "batch id reused with other content"},
        413: {"model": ProblemPublic, "description": "batch too large"},
        422: {"model": ProblemPublic, "description": "invalid record, named by id and index"},
    },
)
async def post_batch(
    request: Request, device: CurrentDevice, session: SessionDep, settings: SettingsDep
) -> BatchPublic:
    raw = await request.body()
    body = _decode(
        raw, request.headers.get("content-encoding", "").strip().lower(), settings.max_batch_bytes
    )

    def work() -> BatchPublic:
        batch, records = _parse(body, settings.max_batch_records)
        answer = crud.ingest_batch(
            session=session,
            device=device,
            batch=batch,
            records_sha256=crud.canonical_sha256(records),
            max_weight_g=settings.max_weight_g,
        )
        session.commit()
        return answer

    # Parsing and the database are blocking work; keep them off the event loop.
    return await run_in_threadpool(work)
