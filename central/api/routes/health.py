"""GET /api/v1/health: is the service up and can it reach its database."""

from fastapi import APIRouter
from sqlalchemy import text

from central import __version__
from central.api.deps import NowDep, SessionDep
from central.core.errors import problem
from central.schemas import HealthPublic

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=HealthPublic,
    responses=problem(503, "the database cannot be reached"),
)
def health(session: SessionDep, now: NowDep) -> HealthPublic:
    session.execute(text("SELECT 1"))
    return HealthPublic(
        status="ok",
        database=session.get_bind().dialect.name,
        server_time=now,
        version=__version__,
    )
