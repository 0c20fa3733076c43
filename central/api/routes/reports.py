"""GET /api/v1/reports/effect: the effect report for staff (console session), JSON, CSV or XLSX."""

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from central.api.deps import SessionDep, StaffDep
from central.core.downloads import MEDIA, download
from central.core.errors import problem
from central.services import effect, effect_output

router = APIRouter(tags=["reports"])


@router.get(
    "/reports/effect",
    responses={
        200: {
            "description": "JSON, or a CSV / XLSX download",
            "content": {m: {} for m in MEDIA.values()},
        },
        **problem(401, "No staff session (sign in on the console)."),
        **problem(422, "bad year, cut-off or format, named by field"),
        **problem(503, "database busy or unreachable; retry after Retry-After"),
    },
)
def effect_report(
    _staff: StaffDep,
    session: SessionDep,
    year: Annotated[str, Query(pattern=r"^\d{4}(-\d{4})?$", description="2023 or 2021-2023")],
    station: Annotated[str | None, Query(max_length=64)] = None,
    months: bool = False,
    cutoff: Annotated[date | None, Query(description="last Oslo day counted")] = None,
    format: Literal["json", "csv", "xlsx"] = "json",
    as_of: Annotated[
        str | None,
        Query(
            max_length=40,
            description="only records received by then: a day (end of that Oslo day) "
            "or a moment (ISO-8601; Oslo time without an offset)",
        ),
    ] = None,
) -> Any:
    report = effect.effect_report(
        session=session,
        years=effect.parse_years(year),
        station_id=station,
        months=months,
        cutoff=cutoff,
        as_of=effect.as_of_moment(as_of) if as_of else None,
        hazardous_detail=format != "json",
    )
    session.commit()
    if format == "json":
        return effect_output.as_json(report)
    body = effect_output.as_csv(report) if format == "csv" else effect_output.as_xlsx(report)
    name = f"effekt-{station or 'alle'}-{year}.{format}"
    return download(body, name)
