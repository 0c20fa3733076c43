"""The catalogue editor: every category with its names, published as a new version."""

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from central.console.deps import form_int, language, published_notice, render, require
from central.console.i18n import translator
from central.core.deps import NowDep, SessionDep, StaffDep
from central.errors import DomainError, Invalid
from central.services import auth
from central.services import catalogue as catalogue_service
from contract.fields import INT_MAX
from contract.limits import FORM_ROWS_MAX

router = APIRouter(include_in_schema=False)


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
    # The kiosk's languages by name; a language added later shows its code.
    known = {
        "nb": _("Name (Bokmål)"),
        "en": _("Name (English)"),
        "ar": _("Name (Arabic)"),
        "pl": _("Name (Polish)"),
        "so": _("Name (Somali)"),
        "ur": _("Name (Urdu)"),
    }
    languages = {
        lang: known.get(lang) or _("Name ({language})", language=lang)
        for lang in catalogue_languages(document)
    }
    # Codes ever published keep their kind (catalogue_service.publish_catalogue refuses a
    # change): the editor shows it as text, and only a new code gets a choice.
    published_codes = set(catalogue_service.category_kinds(session=session))
    # A refused document carries the version it would have had; the one in force is before it.
    current_version = int(document["version"]) - (1 if extra.get("error") else 0)
    return render(
        request,
        "catalogue.html",
        staff,
        status_code=status_code,
        document=document,
        languages=languages,
        current_version=current_version,
        next_version=current_version + 1,
        published_codes=published_codes,
        **extra,
    )


@router.get("/catalogue", response_class=HTMLResponse)
def catalogue_page(request: Request, session: SessionDep, staff: StaffDep) -> HTMLResponse:
    # After a publish (post/redirect/get): the notice, while that version is still the latest.
    return _catalogue_page(
        request,
        session,
        staff,
        published=published_notice(request, int(_current_catalogue(session)["version"])),
    )


def _category_from_form(
    form: Any,
    index: int,
    languages: list[str],
    before: dict[str, dict[str, Any]],
    kinds: dict[str, str],
    refused: list[Invalid],
) -> dict[str, Any] | None:
    """One category from the form's ``c{index}_*`` fields over the category of the same code
    in the current version (``before``), so every field and name the form does not carry is
    kept as it was; a code ever published keeps its kind (``kinds``). A bad field's
    ``Invalid`` is added to ``refused`` and its text kept, so the form comes back as typed."""

    def get(name: str) -> str:
        value = form.get(f"c{index}_{name}", "")
        return value.strip() if isinstance(value, str) else ""

    code = get("code")
    if not code:
        return None
    try:
        weight: int | str = form_int(
            form, f"c{index}_default_weight_g", low=1, high=INT_MAX,
            label=f"{code}: default_weight_g",
        )  # fmt: skip
    except Invalid as exc:
        # Shown again as typed, beside the other rows' typed values, then refused.
        weight = get("default_weight_g")[:40]
        refused.append(exc)
    base = dict(before.get(code, {}))
    base.pop("un", None)  # the form carries it: an emptied UN number is removed
    un = {"un": get("un")} if get("un") else {}
    names = dict(base.get("names", {}))
    for lang in languages:
        if f"c{index}_name_{lang}" in form:  # a language the form showed: its value wins
            names.pop(lang, None)
            if get(f"name_{lang}"):
                names[lang] = get(f"name_{lang}")
    return {
        **base,
        "code": code,
        # A published code's kind is not a form field: only reclassify (the CLI) changes it.
        "kind": kinds.get(code) or get("kind"),
        "names": names,
        "default_weight_g": weight,
        "ewc": [e.strip() for e in get("ewc").split(",") if e.strip()],
        "ns": get("ns") or None,
        "active": form.get(f"c{index}_active") == "on",
        **un,
    }


@router.post("/catalogue", response_class=HTMLResponse)
async def publish(
    request: Request,
    session: SessionDep,
    staff: Annotated[auth.Staff, require("operator")],
    now: NowDep,
) -> Response:
    # The form has a variable number of fields, so it is read here; the database work runs
    # in the thread pool, so a wait for SQLite's write lock never stalls the event loop.
    form = await request.form()
    return await run_in_threadpool(_publish, request, session, staff, form, now)


def _publish(
    request: Request, session: Session, staff: auth.Staff, form: Any, now: datetime
) -> Response:
    current = _current_catalogue(session)
    before = {c["code"]: c for c in current["categories"]}
    languages = catalogue_languages(current)
    kinds = catalogue_service.category_kinds(session=session)
    document: dict[str, Any] = {**current, "version": int(current["version"]) + 1}
    try:
        count = form_int(form, "count", low=0, high=FORM_ROWS_MAX)
        refused: list[Invalid] = []
        document["categories"] = [
            c
            for i in range(count + 1)
            if (c := _category_from_form(form, i, languages, before, kinds, refused)) is not None
        ]
        if refused:
            raise refused[0]
        row = catalogue_service.publish_catalogue(now=now, session=session, document=document)
    except DomainError as exc:
        session.rollback()
        return _catalogue_page(
            request, session, staff, status_code=400, error=exc.message, document=document
        )
    auth.record(
        now=now,
        session=session,
        actor=staff.username,
        action="publish_catalogue",
        target=f"version {row.version}",
        detail=f"{len(document['categories'])} categories",
    )
    session.commit()
    return RedirectResponse(f"/catalogue?published={row.version}", status_code=303)
