"""GET /api/v1/catalog?since=VERSION: the newest catalogue if the kiosk's is older.

Every answer carries central's clock, so the kiosk measures its clock offset on each sync.
"""

import json
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from central.api.deps import SessionDep
from central.api.errors import problem
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
    since: Annotated[int, Query(ge=0, description="the version the kiosk has")] = 0,
) -> CataloguePublic:
    row = catalogue.latest_catalogue(session=session)
    now = datetime.now(UTC)
    if row is None or row.version <= since:
        return CataloguePublic(changed=False, version=since, server_time=now)
    return CataloguePublic(
        changed=True, version=row.version, catalogue=json.loads(row.document), server_time=now
    )
