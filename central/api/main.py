"""The app factory: migrate on start, mount v1 routes, turn ``Problem`` into a clear 4xx."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from central import crud
from central.api.routes import batches, catalog, devices, enrol, health
from central.console import routes as console
from central.core.config import Settings
from central.db import prepare
from central.schemas import BatchCreate

API_PREFIX = "/api/v1"


def _problem(_request: Request, exc: crud.Problem) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse({"detail": exc.detail()}, status_code=exc.status, headers=headers)


def _conflict(_request: Request, exc: IntegrityError) -> JSONResponse:
    # Two copies of one batch racing: the loser's transaction rolled back; nothing was
    # written twice, and the kiosk's retry gets the stored answer.
    return JSONResponse(
        {
            "detail": {
                "code": "conflict",
                "message": "Concurrent write; retry.",
                "record_id": None,
                "index": None,
            }
        },
        status_code=503,
    )


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
    app.add_exception_handler(crud.Problem, _problem)
    app.add_exception_handler(IntegrityError, _conflict)
    for module in (health, enrol, batches, catalog, devices):
        app.include_router(module.router, prefix=API_PREFIX)
    console.mount(app, API_PREFIX)

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

    app.openapi = openapi
    return app
