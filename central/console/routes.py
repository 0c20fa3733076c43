"""The console's pages: sign-in, overview, station, devices, catalogue, audit, alerts, docs.

Only a staff session cookie signs in here; a device's bearer token is never read. Every
change checks the role and the session's CSRF token, and writes an audit line in the same
transaction as the change.
"""

import json
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from central import __version__
from central.api.deps import NowDep, SessionDep, SettingsDep
from central.api.downloads import attachment
from central.api.errors import problem
from central.console import auth, exports, queries
from central.console.form_numbers import form_int
from central.console.i18n import LANGUAGES, translator
from central.console.login_throttle import LoginThrottle
from central.core.security import hash_secret, same_hash
from central.errors import DomainError, NotFound
from central.models import Station
from central.services import catalogue as catalogue_service
from central.services import feedback, numbers
from central.services import stations as station_service
from central.services.revocation import revoke_device
from contract.fields import INT_MAX
from contract.limits import FORM_ROWS_MAX, IDENTIFIER_MAX, IDENTIFIER_PATTERN

HERE = Path(__file__).parent
SESSION_COOKIE = "mg_session"
LOGIN_CSRF_COOKIE = "mg_login_csrf"
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["oslo"] = queries.OSLO
templates.env.globals["version"] = __version__  # the footer names the release


# The one rule for figures (contract/numbers.py): kg(grams) at one decimal, kg(grams, 0) whole.
templates.env.globals["kg"] = numbers.kg_text
templates.env.filters["kg"] = numbers.kg_text
templates.env.filters["count"] = numbers.count_text


def path_segment(value: object) -> str:
    """``value`` as one URL path segment: every template that puts an id in a path uses this
    (``{{ station.id | segment }}``), so no id can add a segment, a query or a fragment."""
    return quote(str(value), safe="")


templates.env.filters["segment"] = path_segment
# The identifier rule for the browser's own check (HTML's pattern is anchored, and its 'v'
# flag wants '-' escaped in a class); the server checks IDENTIFIER_PATTERN itself.
templates.env.globals["identifier_pattern"] = IDENTIFIER_PATTERN[1:-1].replace("_-]", "_\\-]")
templates.env.globals["identifier_max"] = IDENTIFIER_MAX
router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["console"])


class NotSignedIn(Exception):
    pass


class Forbidden(Exception):
    pass


def language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "nb"
    return lang if lang in LANGUAGES else "nb"


def current_staff(request: Request, session: SessionDep) -> auth.Staff:
    staff = auth.staff_for_cookie(session=session, token=request.cookies.get(SESSION_COOKIE))
    if staff is None:
        raise NotSignedIn
    return staff


StaffDep = Annotated[auth.Staff, Depends(current_staff)]


def require(role: str) -> Any:  # Depends() is typed Any
    def check(staff: StaffDep, csrf: Annotated[str | None, Form()] = None) -> auth.Staff:
        if not staff.may(role):
            raise Forbidden
        if not auth.csrf_ok(staff, csrf):
            raise Forbidden
        return staff

    return Depends(check)


def render(
    request: Request,
    name: str,
    staff: auth.Staff | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    lang = language(request)
    response = templates.TemplateResponse(
        request,
        name,
        {"staff": staff, "lang": lang, "_": translator(lang), "now": datetime.now(UTC), **context},
        status_code=status_code,
    )
    if request.query_params.get("lang") == lang:
        response.set_cookie("lang", lang, samesite="lax", max_age=365 * 86400)
    return response


def _set_cookie(request: Request, response: Response, name: str, value: str, **kw: Any) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        **kw,
    )


# --- sign-in ------------------------------------------------------------------------------


def local_path(path: str) -> str:
    """Only a path on this site: a sign-in link must not send staff elsewhere afterwards."""
    # Browsers read a backslash as a slash, so "/\\host" would also leave the site.
    local = path.startswith("/") and not path.startswith("//") and "\\" not in path
    return path if local else "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, error: str | None = None, next: str = "/") -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    target = local_path(next)
    oidc = request.app.state.settings.oidc_enabled
    response = render(
        request, "login.html", None, login_csrf=token, error=error, next=target, oidc=oidc
    )
    _set_cookie(request, response, LOGIN_CSRF_COOKIE, token)
    return response


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf):
        return login_form(request, error="csrf", next=next)
    throttle: LoginThrottle = request.app.state.login_throttle
    address = request.client.host if request.client else "unknown"
    wait = throttle.wait_for(username, address)
    if wait:  # not even checked: a guess made now would be as good as one not slowed down
        response: Response = login_form(request, error="throttled", next=next)
        response.status_code = 429
        response.headers["Retry-After"] = str(wait)
        return response
    try:
        user = auth.sign_in(session=session, username=username, password=password)
    except auth.AuthError:
        for tripped in throttle.failed(username, address):
            auth.record(
                session=session,
                actor=username,
                action="sign_in_throttled",
                target=address,
                detail=f"{tripped.kind}: {tripped.delay_s} s and growing",
            )
        session.commit()
        response = login_form(request, error="bad_credentials", next=next)
        response.status_code = 401
        return response
    throttle.succeeded(username, address)
    token = auth.open_session(
        session=session, user=user, ttl=timedelta(hours=settings.session_hours)
    )
    auth.record(session=session, actor=user.username, action="sign_in")
    session.commit()
    response = RedirectResponse(local_path(next), status_code=303)
    set_session_cookie(request, response, token, settings)
    return response


def set_session_cookie(request: Request, response: Response, token: str, settings: Any) -> None:
    """The signed-in cookie, however staff signed in (password or the city's provider)."""
    _set_cookie(
        request, response, SESSION_COOKIE, token, max_age=int(settings.session_hours * 3600)
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)


@router.post("/logout")
def logout(
    request: Request, session: SessionDep, staff: Annotated[auth.Staff, require("viewer")]
) -> Response:
    auth.close_session(session=session, token=request.cookies.get(SESSION_COOKIE))
    auth.record(session=session, actor=staff.username, action="sign_out")
    session.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


# --- pages --------------------------------------------------------------------------------


def _fleet(session: SessionDep, settings: SettingsDep) -> list[queries.StationHealth]:
    return queries.fleet(
        session=session,
        silent_after=timedelta(hours=settings.silent_alarm_hours),
        clock_limit_s=settings.clock_alarm_s,
        gap_after=timedelta(minutes=settings.gap_alarm_after_min),
    )


@router.get("/", response_class=HTMLResponse)
def overview(
    request: Request, session: SessionDep, settings: SettingsDep, staff: StaffDep
) -> HTMLResponse:
    stations = _fleet(session, settings)
    return render(
        request, "overview.html", staff, stations=stations, alarms=queries.alarms(stations)
    )


@router.get("/alarms", response_class=HTMLResponse)
def alarms_fragment(
    request: Request, session: SessionDep, settings: SettingsDep, staff: StaffDep
) -> HTMLResponse:
    """The alarm list alone: the overview's htmx refresh swaps it in place."""
    alarms = queries.alarms(_fleet(session, settings))
    return render(request, "_alarms.html", staff, alarms=alarms)


def _station(session: SessionDep, station_id: str) -> Station:
    station = session.get(Station, station_id)
    if station is None:
        raise NotFound("unknown_station", f"No station {station_id!r}.")
    return station


@router.get("/stations/{station_id}", response_class=HTMLResponse)
def station_page(
    request: Request, station_id: str, session: SessionDep, staff: StaffDep, now: NowDep
) -> HTMLResponse:
    station = _station(session, station_id)
    rows = queries.station_figures(
        session=session, station_id=station_id, lang=language(request), now=now
    )
    grams: dict[str, int] = {}
    for row in rows:
        if row.direction == "in":
            grams[row.name] = grams.get(row.name, 0) + row.year_g
    # The chart's bars and tooltips show the table's figures: one decimal by the one rule.
    chart = {name: float(numbers.kg(g, numbers.TABLE_KG_DECIMALS)) for name, g in grams.items()}
    # The year of the figures' "this year": Oslo's, which starts an hour before UTC's.
    year = now.astimezone(queries.OSLO).year
    voice = feedback.monthly_answers(session=session, station_id=station_id, year=year)
    return render(
        request,
        "station.html",
        staff,
        station=station,
        rows=rows,
        chart=chart,
        year=year,
        voice=voice,
    )


@router.get("/stations/{station_id}/figures.{fmt}")
def station_download(
    request: Request, station_id: str, fmt: str, session: SessionDep, staff: StaffDep, now: NowDep
) -> Response:
    station = _station(session, station_id)
    # The same "now" as the page, so the download holds the figures the page showed.
    rows = queries.station_figures(session=session, station_id=station_id, lang="nb", now=now)
    stamp = now.astimezone(queries.OSLO).strftime("%Y-%m-%d")
    name = f"{station_id}-{stamp}.{fmt}"
    if fmt == "csv":
        body, media = exports.to_csv(rows), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = exports.to_xlsx(rows, station.name)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise NotFound("unknown_format", "Download as .csv or .xlsx.")
    return Response(body, media_type=media, headers=attachment(name))


def _devices_page(
    request: Request, session: SessionDep, settings: SettingsDep, staff: auth.Staff, **extra: Any
) -> HTMLResponse:
    status = extra.pop("status_code", 200)
    stations = _fleet(session, settings)
    return render(request, "devices.html", staff, stations=stations, status_code=status, **extra)


@router.get("/devices", response_class=HTMLResponse)
def devices_page(
    request: Request, session: SessionDep, settings: SettingsDep, staff: StaffDep
) -> HTMLResponse:
    return _devices_page(request, session, settings, staff)


@router.post("/devices/revoke", response_class=HTMLResponse)
def revoke(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    staff: Annotated[auth.Staff, require("operator")],
    device_id: Annotated[str, Form(min_length=1, max_length=1024)],
) -> HTMLResponse:
    """The device is named in the form, not the path: no id, even one stored before ids were
    checked ("..", "../catalogue?x"), can make the browser post somewhere else."""
    device = revoke_device(session=session, device_id=device_id)
    auth.record(session=session, actor=staff.username, action="revoke_device", target=device.id)
    session.commit()
    return _devices_page(request, session, settings, staff, revoked=device_id)


@router.post("/devices/enrol-code", response_class=HTMLResponse)
def enrol_code(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    staff: Annotated[auth.Staff, require("operator")],
    station_id: Annotated[str, Form(max_length=64)],
) -> HTMLResponse:
    _station(session, station_id)
    code, expires = station_service.issue_enrol_code(
        session=session,
        key=request.app.state.key,
        station_id=station_id,
        ttl=timedelta(hours=settings.enrol_code_ttl_hours),
    )
    auth.record(session=session, actor=staff.username, action="issue_enrol_code", target=station_id)
    session.commit()
    issued = {"code": code, "station_id": station_id, "expires": expires}
    return _devices_page(request, session, settings, staff, issued=issued)


@router.post("/stations", response_class=HTMLResponse)
def add_station(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    staff: Annotated[auth.Staff, require("operator")],
    station_id: Annotated[str, Form(pattern=IDENTIFIER_PATTERN)],
    name: Annotated[str, Form(min_length=1, max_length=200)],
) -> HTMLResponse:
    station_service.add_station(session=session, station_id=station_id, name=name.strip())
    auth.record(
        session=session, actor=staff.username, action="save_station", target=station_id, detail=name
    )
    session.commit()
    return _devices_page(request, session, settings, staff, saved_station=station_id)


# --- catalogue ----------------------------------------------------------------------------


def _current_catalogue(session: Session) -> dict[str, Any]:
    row = catalogue_service.latest_catalogue(session=session)
    return json.loads(row.document) if row else {"version": 0, "categories": []}


def catalogue_languages(document: dict[str, Any]) -> list[str]:
    """The languages the editor shows a name column for: Bokmål, English, then every other
    language any category has a name in, so no translation is hidden from staff."""
    found = {lang for c in document.get("categories", []) for lang in c.get("names", {})}
    return ["nb", "en", *sorted(found - {"nb", "en"})]


def _catalogue_page(
    request: Request, session: Session, staff: auth.Staff, status_code: int = 200, **extra: Any
) -> HTMLResponse:
    document = extra.pop("document", None) or _current_catalogue(session)
    _ = translator(language(request))
    known = {"nb": _("Name (Bokmål)"), "en": _("Name (English)")}
    languages = {
        lang: known.get(lang) or _("Name ({language})", language=lang)
        for lang in catalogue_languages(document)
    }
    return render(
        request,
        "catalogue.html",
        staff,
        status_code=status_code,
        document=document,
        languages=languages,
        **extra,
    )


@router.get("/catalogue", response_class=HTMLResponse)
def catalogue_page(request: Request, session: SessionDep, staff: StaffDep) -> HTMLResponse:
    return _catalogue_page(request, session, staff)


def _category_from_form(
    form: Any, index: int, languages: list[str], before: dict[str, dict[str, Any]]
) -> dict[str, Any] | None:
    """One category from the form's ``c{index}_*`` fields over the category of the same code
    in the current version (``before``), so every field and name the form does not carry is
    kept as it was. ``Invalid`` names the bad field."""

    def get(name: str) -> str:
        value = form.get(f"c{index}_{name}", "")
        return value.strip() if isinstance(value, str) else ""

    code = get("code")
    if not code:
        return None
    base = before.get(code, {})
    names = dict(base.get("names", {}))
    for lang in languages:
        if f"c{index}_name_{lang}" in form:  # a language the form showed: its value wins
            names.pop(lang, None)
            if get(f"name_{lang}"):
                names[lang] = get(f"name_{lang}")
    return {
        **base,
        "code": code,
        "kind": get("kind"),
        "names": names,
        "default_weight_g": form_int(
            form,
            f"c{index}_default_weight_g",
            low=1,
            high=INT_MAX,
            label=f"{code}: default_weight_g",
        ),
        "ewc": [e.strip() for e in get("ewc").split(",") if e.strip()],
        "ns": get("ns") or None,
        "active": form.get(f"c{index}_active") == "on",
    }


@router.post("/catalogue", response_class=HTMLResponse)
async def publish(
    request: Request,
    session: SessionDep,
    staff: Annotated[auth.Staff, require("operator")],
) -> HTMLResponse:
    # The form has a variable number of fields, so it is read here; the database work runs
    # in the thread pool, so a wait for SQLite's write lock never stalls the event loop.
    form = await request.form()
    return await run_in_threadpool(_publish, request, session, staff, form)


def _publish(request: Request, session: Session, staff: auth.Staff, form: Any) -> HTMLResponse:
    current = _current_catalogue(session)
    before = {c["code"]: c for c in current["categories"]}
    languages = catalogue_languages(current)
    document: dict[str, Any] = {**current, "version": int(current["version"]) + 1}
    try:
        count = form_int(form, "count", low=0, high=FORM_ROWS_MAX)
        document["categories"] = [
            c
            for i in range(count + 1)
            if (c := _category_from_form(form, i, languages, before)) is not None
        ]
        row = catalogue_service.publish_catalogue(session=session, document=document)
    except DomainError as exc:
        session.rollback()
        return _catalogue_page(
            request, session, staff, status_code=400, error=exc.message, document=document
        )
    auth.record(
        session=session,
        actor=staff.username,
        action="publish_catalogue",
        target=f"version {row.version}",
        detail=f"{len(document['categories'])} categories",
    )
    session.commit()
    return _catalogue_page(request, session, staff, published=row.version)


# --- JSON and docs ------------------------------------------------------------------------


def alerts_reader(request: Request, session: SessionDep) -> str:
    """Who reads the alerts: the monitoring tool by its token, else a signed-in staff member.

    Only the monitoring token's keyed hash is held, compared in constant time; a device token
    hashes to something else, so it is refused like any wrong token.
    """
    expected = request.app.state.monitoring_hash
    scheme, _, presented = request.headers.get("authorization", "").partition(" ")
    if (
        expected
        and scheme.lower() == "bearer"
        and same_hash(hash_secret(presented.strip(), key=request.app.state.key), expected)
    ):
        return "monitoring"
    return current_staff(request, session).username


@api_router.get(
    "/alerts",
    responses={
        **problem(401, "No staff session and no valid monitoring token."),
        **problem(503, "The database cannot be reached."),
    },
)
def alerts(
    session: SessionDep, settings: SettingsDep, _reader: Annotated[str, Depends(alerts_reader)]
) -> list[dict[str, Any]]:
    """Every current alarm (silent, clock, gap), for monitoring.

    Needs a staff session, or the monitoring token as ``Authorization: Bearer ...``.
    """
    return [
        {"kind": a.kind, "station_id": a.station_id, "device_id": a.device_id, **a.detail}
        for a in queries.alarms(_fleet(session, settings))
    ]


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    # Swagger UI from the package, not a CDN: the intranet has no internet.
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="Minigjenbruk central API",
        swagger_js_url="/console/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/console/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/console/static/favicon.svg",
    )


def _not_signed_in(request: Request, _exc: NotSignedIn) -> Response:
    if request.method == "GET" and not request.url.path.startswith("/api/"):
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    detail = {"code": "not_signed_in", "message": "Sign in on the console first."}
    return JSONResponse({"detail": detail}, status_code=401)


def _forbidden(request: Request, _exc: Forbidden) -> Response:
    detail = {"code": "forbidden", "message": "Your role does not allow this."}
    return JSONResponse({"detail": detail}, status_code=403)


def mount(app: FastAPI, api_prefix: str) -> None:
    """Add the console to ``app``: pages at /, static files, /api/v1/alerts, offline /docs."""
    app.mount("/console/static", StaticFiles(directory=HERE / "static"), name="console-static")
    app.include_router(router)
    app.include_router(api_router, prefix=api_prefix)
    settings = app.state.settings
    app.state.login_throttle = LoginThrottle(
        per_pair=settings.login_free_per_pair,
        per_address=settings.login_free_per_address,
        per_account=settings.login_free_per_account,
        max_delay_s=settings.login_max_delay_s,
    )
    token = settings.monitoring_token
    app.state.monitoring_hash = hash_secret(token, key=app.state.key) if token else None
    # Starlette types every handler as taking Exception, though it dispatches by class.
    app.add_exception_handler(NotSignedIn, _not_signed_in)  # type: ignore[arg-type]
    app.add_exception_handler(Forbidden, _forbidden)  # type: ignore[arg-type]
