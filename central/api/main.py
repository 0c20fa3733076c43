"""API v1 put together: every resource's router, under one prefix."""

from fastapi import APIRouter

from central.api.routes import (
    alerts,
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

API_PREFIX = "/api/v1"

api_router = APIRouter()
for _module in (
    health, enrol, batches, catalog, devices, reports, door_events, hours, updates, pickups,
):  # fmt: skip
    api_router.include_router(_module.router)
api_router.include_router(alerts.router)  # last, where the console added it before
