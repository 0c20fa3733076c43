"""The console's dependencies: the template environment and ``render``, the role check,
the cookies, a form's numbers and the station a path names.

Only a staff session cookie signs in here (central.core.deps); a device's bearer token is
never read. Every change checks the role and the session's CSRF token.
"""

import re
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, cast
from urllib.parse import quote

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2_fragments.fastapi import Jinja2Blocks
from sqlalchemy.orm import Session

from central import __version__
from central.console.i18n import LANGUAGES, translator
from central.console.reasons import reason_text, report_text
from central.core import clock
from central.core.deps import SESSION_COOKIE, StaffDep
from central.errors import Invalid, NotFound, RoleRefused
from central.models import AuditEvent, Station
from central.services import auth, formatting
from contract.limits import IDENTIFIER_MAX, IDENTIFIER_PATTERN

HERE = Path(__file__).parent
LOGIN_CSRF_COOKIE = "mg_login_csrf"
# Jinja2Blocks: an htmx request gets one block of the page's own template (``render(block=)``),
# so a fragment and its page can never drift apart (no partial files, no hx-select).
templates = Jinja2Blocks(directory=HERE / "templates")
templates.env.globals["version"] = __version__  # the footer names the release


# The one rule for figures (contract/numbers.py): kg(grams) at one decimal, kg(grams, 0) whole;
# and for moments, in Oslo (central.services.formatting). Templates format nothing themselves.
templates.env.globals["kg"] = formatting.kg_text
templates.env.filters["kg"] = formatting.kg_text
templates.env.filters["count"] = formatting.count_text
templates.env.filters["oslo_moment"] = formatting.oslo_moment
templates.env.filters["oslo_second"] = formatting.oslo_second
templates.env.filters["oslo_clock"] = formatting.oslo_clock
templates.env.filters["oslo_day_clock"] = formatting.oslo_day_clock
templates.env.filters["oslo_weekday"] = formatting.oslo_weekday
templates.env.filters["day"] = formatting.day_text


def path_segment(value: object) -> str:
    """``value`` as one URL path segment: every template that puts an id in a path uses this
    (``{{ station.id | segment }}``), so no id can add a segment, a query or a fragment."""
    return quote(str(value), safe="")


templates.env.filters["segment"] = path_segment
# The identifier rule for the browser's own check (HTML's pattern is anchored, and its 'v'
# flag wants '-' escaped in a class); the server checks IDENTIFIER_PATTERN itself.
templates.env.globals["identifier_pattern"] = IDENTIFIER_PATTERN[1:-1].replace("_-]", "_\\-]")
templates.env.globals["identifier_max"] = IDENTIFIER_MAX


def language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "nb"
    return lang if lang in LANGUAGES else "nb"


def published_notice(request: Request, latest: int) -> int | None:
    """The version a publish redirected here with (post/redirect/get: ``?published=N``), while
    it is still the latest; a stale or made-up number shows no notice."""
    return latest if latest and request.query_params.get("published") == str(latest) else None


def htmx(request: Request) -> bool:
    """Whether htmx asked (it swaps a block of the page in place; a browser gets the page)."""
    return request.headers.get("HX-Request") == "true"


def require(role: str) -> Any:  # Depends() is typed Any
    def check(staff: StaffDep, csrf: Annotated[str | None, Form()] = None) -> auth.Staff:
        if not staff.may(role):
            raise RoleRefused
        if not auth.csrf_ok(staff, csrf):
            raise RoleRefused
        return staff

    return Depends(check)


# The main menu: (path, English label, role that sees it). A page is under the entry whose
# path is the longest prefix of its own ("/devices/kiosk-1" is under Devices), so the menu
# marks where the reader is with aria-current="page" (Designsystemet's navigation does).
NAV = (
    ("/", "Overview", "viewer"),
    ("/stations", "All stations", "viewer"),
    ("/events", "Events", "viewer"),
    ("/records", "Records", "viewer"),
    ("/effect", "Effect report", "viewer"),
    ("/devices", "Devices", "viewer"),
    ("/pickups", "Pickups", "viewer"),
    ("/weights", "Weights", "viewer"),
    ("/catalogue", "Catalogue", "viewer"),
    ("/updates", "Updates", "viewer"),
    ("/audit", "Audit", "viewer"),
    ("/feed", "Feed", "viewer"),
    ("/users", "People", "admin"),
)


def nav_items(path: str, staff: auth.Staff | None) -> list[dict[str, Any]]:
    """The menu ``staff`` sees, with the entry ``path`` is under marked current."""
    if staff is None:
        return []

    def under(href: str) -> bool:
        return path == href or (href != "/" and path.startswith(href + "/"))

    current = max((href for href, _, _ in NAV if under(href)), key=len, default=None)
    return [
        {"href": href, "label": label, "current": href == current}
        for href, label, role in NAV
        if staff.may(role)
    ]


def render(
    request: Request,
    name: str,
    staff: auth.Staff | None,
    status_code: int = 200,
    *,
    block: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """The page ``name``, or only its ``block`` (what an htmx request swaps in)."""
    lang = language(request)
    if isinstance(context.get("error"), str):
        # Every refusal a page shows, in its language (the API's words stay English).
        context["error"] = reason_text(context["error"], lang)
    # Jinja2Blocks types it as a Response; a page and a block are both HTMLResponses.
    response = cast(
        HTMLResponse,
        templates.TemplateResponse(
            request,
            name,
            {
                "staff": staff,
                "lang": lang,
                "_": translator(lang),
                "now": clock.now(),
                "nav": nav_items(request.url.path, staff),
                **context,
            },
            status_code=status_code,
            block_name=block,
        ),
    )
    if request.query_params.get("lang") == lang:
        response.set_cookie("lang", lang, samesite="lax", max_age=365 * 86400)
    return response


def set_cookie(request: Request, response: Response, name: str, value: str, **kw: Any) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        **kw,
    )


def redirect_showing_once(request: Request, path: str, cookie: str, value: str) -> RedirectResponse:
    """Post/redirect/get for what a page shows once after a form (a new enrolment code, a
    feed token, an import's report): it travels to ``path``'s page in a short-lived cookie
    only that path reads and its page deletes (``shown_once``), so it never lands in a URL, a
    log or the browser's history, and a reload shows the page without it."""
    response = RedirectResponse(path, status_code=303)
    set_cookie(request, response, cookie, value, max_age=120, path=path)
    return response


def shown_once(request: Request, response: Response, cookie: str) -> None:
    """The page has shown what ``redirect_showing_once`` sent it: the cookie goes."""
    if cookie in request.cookies:
        response.delete_cookie(cookie, path=request.url.path)


# The row-by-row report of an import (pickups, earlier figures), shown once after its redirect:
# the cookie carries the id of the audit line that holds the report, in English.
IMPORT_REPORT_COOKIE = "mg_import_report"


def import_report(
    request: Request, session: Session, *, action: str, target: str | None = None
) -> list[str] | None:
    """The lines of the report an import of ``action`` redirected here with, in the page's
    language; None when there is none (a reload, a bookmark)."""
    shown = request.cookies.get(IMPORT_REPORT_COOKIE, "")
    line = session.get(AuditEvent, int(shown)) if _DIGITS.fullmatch(shown) else None
    if line is None or line.action != action or (target is not None and line.target != target):
        return None
    return [report_text(text, language(request)) for text in line.detail.splitlines()]


def set_session_cookie(request: Request, response: Response, token: str, settings: Any) -> None:
    """The signed-in cookie, however staff signed in (password or the city's provider)."""
    set_cookie(request, response, SESSION_COOKIE, token, max_age=int(settings.session_hours * 3600))
    response.delete_cookie(LOGIN_CSRF_COOKIE)


def local_path(path: str) -> str:
    """Only a path on this site: a sign-in link must not send staff elsewhere afterwards."""
    # Browsers read a backslash as a slash, so "/\\host" would also leave the site.
    local = path.startswith("/") and not path.startswith("//") and "\\" not in path
    return path if local else "/"


def get_station(session: Session, station_id: str) -> Station:
    station = session.get(Station, station_id)
    if station is None:
        raise NotFound("unknown_station", f"No station {station_id!r}.")
    return station


# --- filter days ----------------------------------------------------------------------------


def parse_day(name: str, text: str | None) -> date | None:
    """The one way a filter's day is read: as Norwegians write it (15.6.2026) or as a date
    field sends it (2026-06-15); None if empty, else ``Invalid`` naming the field."""
    if not text or not text.strip():
        return None
    value = text.strip()
    try:
        if "." in value:
            return datetime.strptime(value, "%d.%m.%Y").date()
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid("invalid_day", f"{name}: {text!r} is not a day (15.6.2026)") from None


# --- form numbers ---------------------------------------------------------------------------
# The one way a console form's number is read: ASCII digits within stated bounds, else
# ``Invalid`` naming the field. Every count and weight a form sends goes through it.

# ASCII digits only: "²".isdigit() is true, but int("²") raises.
_DIGITS = re.compile(r"[0-9]{1,10}")


def form_int(form: Any, name: str, *, low: int, high: int, label: str | None = None) -> int:
    """The whole number in field ``name`` of ``form``, within ``low..high``.

    ``label`` names the field in the message when the form's own name means little to staff
    (``c3_default_weight_g`` is "wood: default_weight_g")."""
    value = form.get(name, "")
    text = value.strip() if isinstance(value, str) else ""
    if not _DIGITS.fullmatch(text) or not low <= int(text) <= high:
        raise Invalid(
            "invalid_form", f"{label or name}: must be a whole number within {low}..{high}"
        )
    return int(text)
