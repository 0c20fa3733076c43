"""The app factory: migrate on start, mount v1 routes, map domain errors to HTTP."""

from typing import Any

from fastapi import FastAPI

from central.api import errors, metrics
from central.api.routes import (
    batches,
    catalog,
    devices,
    door_events,
    enrol,
    health,
    hours,
    pickups,
    reports,
    updates,
)
from central.console import (
    audit_pages,
    device_pages,
    effect_pages,
    feed_pages,
    history_pages,
    hours_pages,
    people_pages,
    pickup_pages,
    update_pages,
)
from central.console import routes as console
from central.core.body_limit import BodyLimit
from central.core.config import Settings
from central.core.fingerprint import check_secret
from central.core.rate_limit import EnrolLimiter
from central.core.secret import server_key
from central.core.shedding import BatchGate, BatchShedder
from central.db import prepare
from central.feed import odata
from central.schemas import BatchCreate
from contract.limits import BODY_MAX_BYTES, DOOR_BODY_MAX_BYTES

API_PREFIX = "/api/v1"


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
    app.state.key = server_key(secret=settings.secret, data_dir=settings.resolved_data_dir())
    check_secret(app.state.engine, app.state.key)
    app.state.enrol_limiter = EnrolLimiter(
        per_client_per_min=settings.enrol_per_client_per_min,
        overall_per_min=settings.enrol_overall_per_min,
    )
    errors.install(app)
    app.state.batch_gate = BatchGate(
        limit=settings.max_inflight_batches, retry_after_s=settings.shed_retry_after_s
    )
    app.add_middleware(BatchShedder, path=f"{API_PREFIX}/batches", gate=app.state.batch_gate)
    # Outermost: every body is bounded before any route, form parser or JSON parser sees it.
    app.add_middleware(
        BodyLimit,
        default=BODY_MAX_BYTES,
        limits={
            f"{API_PREFIX}/batches": settings.max_batch_bytes,
            f"{API_PREFIX}/door-events": DOOR_BODY_MAX_BYTES,
            f"{API_PREFIX}/pickups": pickups.BODY_MAX_BYTES,
        },
    )
    for module in (health, enrol, batches, catalog, devices, reports, door_events, hours, updates):
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(pickups.router, prefix=API_PREFIX)
    console.mount(app, API_PREFIX)
    app.include_router(hours_pages.router)
    app.include_router(effect_pages.router)
    app.include_router(update_pages.router)
    app.include_router(history_pages.router)
    app.include_router(feed_pages.router)
    app.include_router(odata.router)
    app.include_router(people_pages.router)
    app.include_router(device_pages.router)
    app.include_router(audit_pages.router)
    app.include_router(pickup_pages.router)
    if settings.oidc_enabled:
        # Authlib only when configured: its import prints a DeprecationWarning on every start,
        # which a new user running the embedded default took for an error.
        from central.console import oidc

        oidc.install(app, settings, app.state.key)
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
