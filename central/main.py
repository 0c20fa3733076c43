"""The app factory: migrate on start, then mount the API, the console and the feed, siblings
over the services, with errors mapped to HTTP in one place (central.core.errors)."""

from typing import Any

from fastapi import FastAPI

from central.api import metrics
from central.api.main import API_PREFIX, api_router
from central.api.routes.pickups import BODY_MAX_BYTES as PICKUPS_BODY_MAX_BYTES
from central.console import main as console_app
from central.core import errors
from central.core.body_limit import BodyLimit
from central.core.config import Settings
from central.core.fingerprint import check_secret
from central.core.rate_limit import EnrolLimiter
from central.core.secret import server_key
from central.core.security import hash_secret
from central.core.shared_admission import SharedAdmission
from central.core.shedding import AdaptiveLimit, BatchGate, BatchShedder
from central.db import prepare
from central.feed import odata
from central.schemas import BatchCreate
from contract.limits import BODY_MAX_BYTES, DOOR_BODY_MAX_BYTES


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app and bring its database to the newest schema before serving."""
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="Minigjenbruk central",
        version="1",
        description="Receives registrations from the mini recycling station kiosks, "
        "exactly once, and owns the catalogue.",
        docs_url=None,  # the console serves /docs from vendored assets instead of a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = prepare(settings.db_url)
    try:
        app.state.key = server_key(secret=settings.secret, data_dir=settings.resolved_data_dir())
        check_secret(app.state.engine, app.state.key)
    except BaseException:
        app.state.engine.dispose()  # refused to start: leave no connection open behind it
        raise
    app.state.enrol_limiter = EnrolLimiter(
        per_client_per_min=settings.enrol_per_client_per_min,
        overall_per_min=settings.enrol_overall_per_min,
    )
    errors.install(app)
    floor = min(settings.min_inflight_batches, settings.max_inflight_batches)
    shared = settings.admission_file
    app.state.batch_gate = BatchGate(
        limit=AdaptiveLimit(initial=floor, floor=floor, ceiling=settings.max_inflight_batches),
        first_retry_after_s=settings.shed_retry_after_s,
        shared=None if shared is None else SharedAdmission(shared),
    )
    app.add_middleware(BatchShedder, path=f"{API_PREFIX}/batches", gate=app.state.batch_gate)
    # Outermost: every body is bounded before any route, form parser or JSON parser sees it.
    app.add_middleware(
        BodyLimit,
        default=BODY_MAX_BYTES,
        limits={
            f"{API_PREFIX}/batches": settings.max_batch_bytes,
            f"{API_PREFIX}/door-events": DOOR_BODY_MAX_BYTES,
            f"{API_PREFIX}/pickups": PICKUPS_BODY_MAX_BYTES,
        },
    )
    app.include_router(api_router, prefix=API_PREFIX)
    token = settings.monitoring_token
    app.state.monitoring_hash = hash_secret(token, key=app.state.key) if token else None
    console_app.mount(app)
    app.include_router(odata.router)
    metrics.install(app, settings)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            models = BatchCreate.model_json_schema(ref_template="#/components/schemas/{model}")
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(models.pop("$defs", {}))
            components["BatchCreate"] = models
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented override
    return app
