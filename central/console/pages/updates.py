"""Console page for the kiosk fleet's signed updates: which version each kiosk runs and has
staged, which rolled back and why, and the release channel per station and device (admins)."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from central.console.deps import render, require
from central.core.deps import NowDep, SessionDep, StaffDep
from central.services import auth, updates
from contract.updates import UpdateChannel, UpdateOutcome

router = APIRouter(include_in_schema=False)
# What each outcome means, in words (English msgids; Bokmål in central/console/i18n.py).
OUTCOME_WORDS = {
    UpdateOutcome.STAGED: "staged, waits for a closed hour",
    UpdateOutcome.SWITCHED: "switched, starting on trial",
    UpdateOutcome.UP: "running",
    UpdateOutcome.ROLLED_BACK: "rolled back",
    UpdateOutcome.REFUSED: "refused",
    UpdateOutcome.SELF_TEST_FAILED: "failed its self-test",
}


@router.get("/updates", response_class=HTMLResponse)
def updates_page(request: Request, session: SessionDep, staff: StaffDep) -> HTMLResponse:
    return render(
        request,
        "updates.html",
        staff,
        rollout=updates.rollout(session=session),
        channels=[c.value for c in UpdateChannel],
        changed=request.query_params.get("changed"),
        outcome_words={k.value: v for k, v in OUTCOME_WORDS.items()},
    )


@router.post("/updates/channel")
def set_channel(
    now: NowDep,
    session: SessionDep,
    staff: Annotated[auth.Staff, require("admin")],
    channel: Annotated[str, Form(max_length=16)],
    station_id: Annotated[str | None, Form(max_length=64)] = None,
    device_id: Annotated[str | None, Form(max_length=64)] = None,
) -> RedirectResponse:
    changed = updates.set_channel(
        session=session, station_id=station_id, device_id=device_id, channel=channel
    )
    auth.record(
        now=now, session=session, actor=staff.username, action="set_update_channel", target=changed
    )
    session.commit()
    # Post/redirect/get: a reload shows the page, it does not post again.
    return RedirectResponse(f"/updates?changed={quote(changed)}", status_code=303)
