"""The records browser (/records), as ODK Central's submissions table: every record type,
filtered by station, device, category, channel, direction, period, flagged clock and
quarantine, paged by key; a record's page (/records/{type}/{id}) with its reversal chain, its
batch and when central received it; and the CSV of the current filter, streamed."""

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlalchemy.orm import Session

from central.console.deps import language, parse_day, render
from central.console.i18n import add_nb
from central.console.pages.events import KIND_NB, OUTCOME_NB
from central.console.queries import catalogue_names
from central.core.deps import SessionDep, StaffDep
from central.core.downloads import attachment
from central.errors import Invalid
from central.services import record_browser
from contract.limits import IDENTIFIER_MAX
from contract.records import Audience, Channel, ClockFlag, Direction, WeightSource

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=80)]
FILTER_NAMES = ("type", "station", "device", "category", "channel", "direction", "from", "to",
                "flagged", "quarantined")  # fmt: skip
TYPE_NB = {
    "deposit": "Levering/henting",
    "event": "Arrangement",
    "repair": "Reparasjon",
    "material_flow": "Materialstrøm",
    "feedback": "Svar fra innbygger",
}
# Column headings: the contract's field names, in Norwegian where the page is.
COLUMN_NB = {
    "id": "id", "seq": "løpenr.", "station_id": "stasjon", "recorded_at": "tid",
    "category": "kategori", "weight_g": "kg", "weight_source": "vektkilde", "channel": "kanal",
    "direction": "retning", "reverses": "opphever", "visit_id": "besøk",
    "catalog_version": "katalog", "clock_flag": "klokke", "kind": "type", "starts_at": "start",
    "ends_at": "slutt", "place": "sted", "participants": "deltakere", "visitors": "besøkende",
    "reuse_g": "kg til ombruk", "audience": "publikum", "event_id": "arrangement",
    "item_category": "gjenstand", "outcome": "utfall", "flow": "strøm", "source": "kilde",
    "note": "merknad", "question": "spørsmål", "answer": "svar", "language": "språk",
}  # fmt: skip
# Coded values in words where the page is in Bokmål; the CSV keeps the codes, for tools.
VALUE_NB: dict[str, dict[str, str]] = {
    "channel": {Channel.GUIDE: "veileder", Channel.SELF_SERVICE: "selvbetjent"},
    "direction": {Direction.IN: "inn", Direction.OUT: "ut"},
    "weight_source": {
        WeightSource.SCALE_STABLE: "vekt, stabil",
        WeightSource.SCALE_UNSTABLE: "vekt, ustabil",
        WeightSource.MANUAL: "tastet",
        WeightSource.ESTIMATE: "anslått",
    },
    "clock_flag": {ClockFlag.BEFORE_INSTALL: "før installasjonen", ClockFlag.FUTURE: "i framtiden"},
    "kind": {str(k): v for k, v in KIND_NB.items()},
    "outcome": {str(k): v for k, v in OUTCOME_NB.items()},
    "audience": {Audience.PUBLIC: "offentlig", Audience.INTERNAL: "internt"},
}
add_nb(
    {
        "Records": "Registreringer",
        "Type": "Type",
        "Category": "Kategori",
        "Direction": "Retning",
        "Flagged clock": "Flagget klokke",
        "Either": "Begge",
        "Kiosk reports records set aside": "Kiosken melder om tilsidesatte",
        "Recorded (Oslo)": "Registrert (Oslo)",
        "Received by central": "Mottatt av sentralen",
        "Newer": "Nyere",
        "Next page": "Neste side",
        "First page": "Første side",
        "Download CSV of this filter": "Last ned CSV av dette utvalget",
        "Reversal chain": "Tilbakeføringskjede",
        "this record": "denne",
        "reverses": "opphever",
        "Batch": "Batch",
        "Sent by the kiosk": "Sendt av kiosken",
        "Seq range": "Løpenummer",
        "Records in batch": "Registreringer i batchen",
        "Record": "Registrering",
        "Field": "Felt",
        "Value": "Verdi",
        "Back to the records": "Tilbake til registreringene",
        "No records match.": "Ingen registreringer passer.",
        "No more matches back to {moment}.": "Ingen flere treff tilbake til {moment}.",
        "Search further back": "Søk videre bakover",
        "Filter": "Filtrer",
    }
)


def _yes_no(name: str, text: str | None) -> bool | None:
    if not text:
        return None
    if text in ("ja", "yes", "true", "1"):
        return True
    if text in ("nei", "no", "false", "0"):
        return False
    raise Invalid(f"invalid_{name}", f"{name}: {text!r} is neither ja nor nei")


def _choice(name: str, text: str | None, allowed: Any) -> str | None:
    if not text:
        return None
    if text not in {str(v) for v in allowed}:
        raise Invalid(f"invalid_{name}", f"{name}: {text!r} is not one of {', '.join(allowed)}")
    return text


def parse_filters(params: dict[str, str | None]) -> record_browser.Filters:
    """The query's filters; Invalid names the first field that cannot be read."""
    for name in ("station", "device", "category"):
        if len(params.get(name) or "") > IDENTIFIER_MAX:
            raise Invalid(f"invalid_{name}", f"{name}: longer than {IDENTIFIER_MAX} characters")
    first, last = parse_day("from", params.get("from")), parse_day("to", params.get("to"))
    if first and last and last < first:
        raise Invalid("invalid_period", "to: must not be before from")
    return record_browser.Filters(
        type=_choice("type", params.get("type"), record_browser.TABLES) or "deposit",
        station=params.get("station") or None,
        device=params.get("device") or None,
        category=params.get("category") or None,
        channel=_choice("channel", params.get("channel"), [str(c) for c in Channel]),
        direction=_choice("direction", params.get("direction"), [str(d) for d in Direction]),
        first=first,
        last=last,
        flagged=_yes_no("flagged", params.get("flagged")),
        quarantined=_yes_no("quarantined", params.get("quarantined")),
    )


def _params(request: Request) -> dict[str, str | None]:
    return {name: (request.query_params.get(name) or "").strip() or None for name in FILTER_NAMES}


def _category_names(session: Session, lang: str) -> dict[str, str]:
    """A category's name in the page's language, by code (the code where none is known)."""
    return {code: name for code, (name, _) in catalogue_names(session=session, lang=lang).items()}


def _query(params: dict[str, str | None], **extra: str) -> str:
    return urlencode({**{k: v for k, v in params.items() if v}, **extra})


@router.get("/records", response_class=HTMLResponse)
def records_page(
    request: Request,
    session: SessionDep,
    staff: StaffDep,
    after: Annotated[str | None, Query(max_length=120)] = None,
    # Declared so FastAPI bounds their length; read through _params.
    type: Text = None,
    station: Text = None,
    device: Text = None,
    category: Text = None,
) -> Response:
    params = _params(request)
    try:
        filters = parse_filters(params)
        cursor = record_browser.Cursor.parse(after) if after else None
        reach = request.app.state.settings.records_page_reach
        found = record_browser.page(session=session, filters=filters, after=cursor, reach=reach)
    except Invalid as exc:
        return render(request, "records.html", staff, 422, error=exc.message, params=params,
                      rows=[], columns=[], types=TYPE_NB, query="", next_query=None)  # fmt: skip
    columns = [c.name for c in record_browser.TABLES[filters.type].c]
    shown = [c for c in columns if c not in ("type", "device_id", "batch_id", "received_at")]
    return render(
        request,
        "records.html",
        staff,
        params=params,
        rows=found.rows,
        columns=shown,
        type=filters.type,
        types=TYPE_NB,
        labels=COLUMN_NB if language(request) == "nb" else {},
        values=VALUE_NB if language(request) == "nb" else {},
        categories=_category_names(session, language(request)),
        query=_query(params),
        next_query=_query(params, after=found.next.text()) if found.next else None,
        # Fewer than a page, and the search stopped here: how far back it looked.
        searched_to=found.next.recorded_at if found.next and not found.full else None,
        paged=after is not None,
    )


@router.get("/records.csv")
def records_csv(request: Request, session: SessionDep, staff: StaffDep) -> Response:
    params = _params(request)
    try:
        filters = parse_filters(params)
        body = record_browser.csv_stream(engine=request.app.state.engine, filters=filters)
    except Invalid as exc:
        return render(request, "records.html", staff, 422, error=exc.message, params=params,
                      rows=[], columns=[], types=TYPE_NB, query="", next_query=None)  # fmt: skip
    # The stream reads in its own session; this one ends now, so SQLite's lock is free.
    session.commit()
    name = f"registreringer-{filters.type}.csv"
    return StreamingResponse(body, media_type="text/csv; charset=utf-8", headers=attachment(name))


@router.get("/records/{type}/{record_id}", response_class=HTMLResponse)
def record_page(
    request: Request, type: str, record_id: str, session: SessionDep, staff: StaffDep
) -> Response:
    if type not in record_browser.TABLES:
        return render(request, "records.html", staff, 404, error=f"type: {type!r} is not a "
                      "record type", params={}, rows=[], columns=[], types=TYPE_NB, query="",
                      next_query=None)  # fmt: skip
    found = record_browser.record(session=session, type=type, record_id=record_id)
    labels = (
        {**COLUMN_NB, "device_id": "enhet", "batch_id": "batch", "received_at": "mottatt"}
        if language(request) == "nb"
        else {}
    )
    values = VALUE_NB if language(request) == "nb" else {}
    categories = _category_names(session, language(request))
    return render(request, "record.html", staff, type=type, types=TYPE_NB, labels=labels,
                  values=values, categories=categories, **found)  # fmt: skip
