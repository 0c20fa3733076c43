"""Central's app for tests: built from settings with a few changed, its engine disposed after.
One copy of what the app fixtures did by hand (issue 23)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI

from central.core.config import Settings
from central.main import create_app


@contextmanager
def central_app(settings: Settings, **changed: Any) -> Iterator[FastAPI]:
    """``create_app`` over ``settings`` with ``changed`` fields; disposes its engine on exit,
    so no pooled connection outlives the test (PostgreSQL drops the test's schema then)."""
    app = create_app(settings.model_copy(update=changed) if changed else settings)
    try:
        yield app
    finally:
        app.state.engine.dispose()
