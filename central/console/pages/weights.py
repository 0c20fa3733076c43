"""Learned default weights on the console: per fraction, each category's proposal with the
data behind it; an admin accepts one, which publishes the next catalogue version through the
catalogue's own publish path and is audited. Post/redirect/get."""

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from central.console.deps import form_int, render, require
from central.console.i18n import add_nb
from central.core.deps import NowDep, SessionDep, StaffDep
from central.core.errors import status_of
from central.errors import DomainError
from central.services import auth, learned_weights
from contract.fields import INT_MAX

router = APIRouter(include_in_schema=False)
AdminDep = Annotated[auth.Staff, require("admin")]

add_nb(
    {
        "Weights": "Vekter",
        "Proposed default weights": "Foreslåtte standardvekter",
        "weights-intro": (
            "Selvbetjente registreringer er anslag: antall ganger størrelse ganger kategoriens "
            "standardvekt. Der en fraksjons veiebevis kan sammenlignes med anslagene, foreslår "
            "sentralen bedre standardvekter per kategori (minste kvadraters metode over "
            "hentingsperiodene, etter at det som ble veid eller tastet ved disken er trukket fra)."
        ),
        "Fraction {fraction}": "Fraksjon {fraction}",
        (
            "Too few periods to propose: {periods} periods with a ticket, at least {needed} needed."
        ): (
            "For få perioder til å foreslå: {periods} perioder med veiebevis, "
            "minst {needed} trengs."
        ),
        "No estimated registrations in this fraction's periods.": (
            "Ingen anslåtte (selvbetjente) registreringer i denne fraksjonens perioder."
        ),
        "No pickups with a ticket yet.": "Ingen hentinger med veiebevis ennå.",
        "Category": "Kategori",
        "Default weight now (g)": "Standardvekt nå (g)",
        "Proposed (g)": "Foreslått (g)",
        "Change": "Endring",
        "Periods": "Perioder",
        "Default items": "Anslåtte enheter",
        "Accept": "Godta",
        "in force": "gjelder",
        (
            "Fit: {residual} kg off per period (root mean square) "
            "of {target} kg weighed beyond the counter."
        ): (
            "Tilpasning: {residual} kg avvik per periode (kvadratisk middel) av {target} kg veid "
            "utover disken i snitt."
        ),
        "Based on catalogue version {version} and {periods} periods with a ticket.": (
            "Bygger på katalogversjon {version} og {periods} perioder med veiebevis."
        ),
        "Accepted: {category} is {weight} g from catalogue version {version}.": (
            "Godtatt: {category} er {weight} g fra katalogversjon {version}."
        ),
    }
)


def _page(
    request: Request, session: Session, staff: auth.Staff, status_code: int = 200, **extra: Any
) -> HTMLResponse:
    found = [
        learned_weights.proposals(session=session, fraction=f)
        for f in learned_weights.fractions(session=session)
    ]
    return render(request, "weights.html", staff, status_code, fractions=found, **extra)


@router.get("/weights", response_class=HTMLResponse)
def weights_page(
    request: Request,
    session: SessionDep,
    staff: StaffDep,
    accepted: str | None = None,
    weight: int | None = None,
    version: int | None = None,
) -> HTMLResponse:
    done = None
    if accepted and weight is not None and version is not None:
        done = {"category": accepted, "weight": weight, "version": version}
    return _page(request, session, staff, accepted=done)


@router.post("/weights/accept", response_class=HTMLResponse)
async def accept(
    request: Request,
    session: SessionDep,
    staff: AdminDep,
    now: NowDep,
    fraction: Annotated[str, Form()] = "",
    category: Annotated[str, Form()] = "",
) -> Response:
    form = await request.form()
    return await run_in_threadpool(_accept, request, session, staff, now, fraction, category, form)


def _accept(
    request: Request,
    session: Session,
    staff: auth.Staff,
    now: datetime,
    fraction: str,
    category: str,
    form: Any,
) -> Response:
    try:
        weight = form_int(form, "weight_g", low=1, high=INT_MAX)
        version = form_int(form, "version", low=0, high=INT_MAX)
        row, proposal = learned_weights.accept(
            session=session,
            fraction=fraction,
            category=category,
            weight_g=weight,
            version=version,
            now=now,
        )
    except DomainError as exc:
        session.rollback()
        return _page(request, session, staff, status_of(exc), error=exc.message)
    auth.record(
        session=session,
        actor=staff.username,
        action="accept_weight",
        target=category,
        detail=(
            f"{proposal.current_g} g -> {weight} g in catalogue version {row.version}, "
            f"from {fraction} ({proposal.periods} periods, {proposal.items:.0f} items)"
        ),
        now=now,
    )
    session.commit()
    query = f"accepted={quote(category)}&weight={weight}&version={row.version}"
    return RedirectResponse(f"/weights?{query}", status_code=303)
