"""The console put together: its static files, every page group's router, the sign-in
throttle and, when configured, sign-in by the city's provider."""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from central.console import refusals
from central.console.deps import HERE
from central.console.login_throttle import LoginThrottle
from central.console.pages import (
    all_stations,
    audit,
    catalogue,
    devices,
    docs,
    effect,
    events,
    feed,
    history,
    hours,
    overview,
    people,
    pickups,
    planned,
    records,
    session,
    stations,
    updates,
    weights,
)

# In the order they were included before the split, so path matching is unchanged.
PAGES = (
    session, overview, stations, devices, catalogue, docs,
    hours, effect, updates, history, feed, people, audit, all_stations, events, records,
    pickups, planned, weights,
)  # fmt: skip


def mount(app: FastAPI) -> None:
    """Add the console to ``app``: pages at /, static files, offline /docs."""
    app.mount("/console/static", StaticFiles(directory=HERE / "static"), name="console-static")
    for module in PAGES:
        app.include_router(module.router)
    refusals.install(app)
    settings = app.state.settings
    app.state.login_throttle = LoginThrottle(
        per_pair=settings.login_free_per_pair,
        per_address=settings.login_free_per_address,
        per_account=settings.login_free_per_account,
        max_delay_s=settings.login_max_delay_s,
    )
    if settings.oidc_enabled:
        # Authlib only when configured: its import prints a DeprecationWarning on every start,
        # which a new user running the embedded default took for an error.
        from central.console import oidc

        oidc.install(app, settings, app.state.key)
