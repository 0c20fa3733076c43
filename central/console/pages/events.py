"""Events across stations (/events) and for one (/stations/{id}/events): what was held, for
whom, when and where, who came, what was repaired and how it went, and kg to reuse; filtered
by period and kind, and the same list as CSV or XLSX."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from central.console.deps import get_station, parse_day, render
from central.console.i18n import add_nb
from central.core.deps import SessionDep, StaffDep
from central.core.downloads import attachment
from central.errors import Invalid
from central.models import Station
from central.services import event_list
from contract.records import EventKind, RepairOutcome

router = APIRouter(include_in_schema=False)


class EventsForm(BaseModel):
    """The events list's filter, as the page, its links and its downloads send it."""

    from_: str | None = Field(None, alias="from", max_length=40)
    to: str | None = Field(None, max_length=40)
    kind: str | None = Field(None, max_length=40)
    format: str | None = Field(None, max_length=40)

    def fields(self) -> dict[str, str | None]:
        return {"from": self.from_, "to": self.to, "kind": self.kind, "format": self.format}


Form = Annotated[EventsForm, Query()]
_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
KIND_NB = {
    EventKind.BIKE_WORKSHOP: "Sykkelverksted",
    EventKind.TEXTILE_REPAIR: "Tekstilreparasjon",
    EventKind.CLOTHES_SWAP: "Klesbytte",
    EventKind.WOOD_WORKSHOP: "Treverksted",
    EventKind.MARKET: "Marked",
    EventKind.COURSE: "Kurs",
    EventKind.OTHER: "Annet",
}
# The Open Repair Data Standard's repair status terms, with the Norwegian beside them.
OUTCOME_NB = {
    RepairOutcome.FIXED: "reparert (fixed)",
    RepairOutcome.REPAIRABLE: "kan repareres (repairable)",
    RepairOutcome.END_OF_LIFE: "utrangert (end of life)",
}
add_nb(
    {
        "Events": "Arrangementer",
        "Kind": "Type",
        "Every kind": "Alle typer",
        "From": "Fra",
        "To": "Til",
        "Public": "Offentlig",
        "yes": "ja",
        "no": "nei",
        "When": "Når",
        "Place": "Sted",
        "Participants": "Deltakere",
        "Visitors": "Besøkende",
        "Repairs": "Reparasjoner",
        "kg to reuse": "kg til ombruk",
        "No events in this period.": "Ingen arrangementer i perioden.",
        "Download CSV": "Last ned CSV",
        "Download XLSX": "Last ned XLSX",
        "at the station": "på stasjonen",
        "clock flagged": "klokke flagget",
        "Entered later {when}": "Registrert i etterkant {when}",
        "Sum, events: {count}": "Sum, arrangementer: {count}",
        "Sum of every event the filter takes: {count} (the table shows the newest {shown})": (
            "Sum av alle arrangementer i utvalget: {count} (tabellen viser de {shown} nyeste)"
        ),
        "Showing the newest {count}; the downloads have them all.": (
            "Viser de {count} nyeste; nedlastingene har alle."
        ),
    }
)


def parse_kind(text: str | None) -> str | None:
    if not text:
        return None
    if text not in set(EventKind):
        raise Invalid("invalid_kind", f"kind: {text!r} is not a kind of event")
    return text


def _page(
    request: Request,
    session: SessionDep,
    staff: StaffDep,
    station: Station | None,
    fields: dict[str, str | None],
) -> Response:
    try:
        first = parse_day("from", fields["from"])
        last = parse_day("to", fields["to"])
        kind = parse_kind(fields["kind"])
        fmt = (fields["format"] or "html").lower()
        if fmt not in ("html", *_MEDIA):
            raise Invalid("invalid_format", f"format: {fields['format']!r} is not csv or xlsx")
        if first and last and last < first:
            raise Invalid("invalid_period", "to: must not be before from")
    except Invalid as exc:
        return render(request, "events.html", staff, 422, error=exc.message, station=station,
                      events=[], fields=fields, kinds=KIND_NB, outcomes=OUTCOME_NB)  # fmt: skip
    station_id = station.id if station else None
    limit = None if fmt != "html" else event_list.LIMIT
    events = event_list.list_events(
        session=session, station_id=station_id, first=first, last=last, kind=kind, limit=limit
    )
    if fmt != "html":
        body = event_list.events_csv(events) if fmt == "csv" else event_list.events_xlsx(events)
        name = f"arrangementer-{station_id or 'alle'}.{fmt}"
        return Response(body, media_type=_MEDIA[fmt], headers=attachment(name))
    totals = event_list.event_totals(
        session=session, station_id=station_id, first=first, last=last, kind=kind
    )
    query = "&".join(f"{k}={v}" for k, v in fields.items() if v and k != "format")
    return render(
        request,
        "events.html",
        staff,
        station=station,
        events=events,
        fields=fields,
        kinds=KIND_NB,
        outcomes=OUTCOME_NB,
        query=query,
        totals=totals,
        truncated=totals.events > len(events),
        limit=event_list.LIMIT,
    )


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, session: SessionDep, staff: StaffDep, form: Form) -> Response:
    return _page(request, session, staff, None, form.fields())


@router.get("/stations/{station_id}/events", response_class=HTMLResponse)
def station_events_page(
    request: Request, station_id: str, session: SessionDep, staff: StaffDep, form: Form
) -> Response:
    return _page(request, session, staff, get_station(session, station_id), form.fields())
