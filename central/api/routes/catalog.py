"""GET /api/v1/catalog?since=VERSION: the newest catalogue if the kiosk's is older.

Every answer carries central's clock, so the kiosk measures its clock offset on each sync.
A kiosk of this release gets the same answer inside its check-in (devices.py); this route
serves kiosks of the previous release and anyone without a token.
"""

from typing import Annotated

from fastapi import APIRouter, Query

from central.api.deps import NowDep, SessionDep
from central.core.errors import problem
from central.schemas import CataloguePublic
from central.services import catalogue

router = APIRouter(tags=["catalogue"])


@router.get(
    "/catalog",
    response_model=CataloguePublic,
    responses=problem(422, "since is not a whole number >= 0"),
)
def catalog(
    session: SessionDep,
    now: NowDep,
    since: Annotated[int, Query(ge=0, description="the version the kiosk has")] = 0,
) -> CataloguePublic:
    return catalogue.catalogue_since(now=now, session=session, since=since)
