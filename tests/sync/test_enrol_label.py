"""`kiosk enrol --label` against a real central over a socket: the label is what the
console shows; enrolling again without it (a takeover) keeps the name staff know."""

import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import Device
from tests.helpers.servers import uvicorn_server
from tests.sync.conftest import issue_code
from tests.sync.test_reinstall import central_url, cli  # noqa: F401 - fixture


def _labels(app: FastAPI) -> list[str | None]:
    with Session(app.state.engine) as session:
        return list(session.scalars(select(Device.label)))


def test_a_label_given_at_enrolment_reaches_central_and_a_takeover_keeps_it(
    central: FastAPI,
    central_url: str,  # noqa: F811
    data_dir: Path,
) -> None:
    code = issue_code(central)
    assert cli(data_dir, "enrol", "--label", "Trosterud disk", central_url, code) == 0
    assert _labels(central) == ["Trosterud disk"]
    assert cli(data_dir, "enrol", "--takeover", central_url, issue_code(central)) == 0
    assert _labels(central) == ["Trosterud disk"]


def test_a_label_central_refuses_is_reported_and_the_kiosk_can_enrol_again(
    central: FastAPI,
    central_url: str,  # noqa: F811
    data_dir: Path,
) -> None:
    code = issue_code(central)
    assert cli(data_dir, "enrol", "--label", "x" * 81, central_url, code) == 1
    assert _labels(central) == []
    assert cli(data_dir, "enrol", central_url, code) == 0  # the code was not spent
    assert _labels(central) == [None]


class CentralBeforeLabels:
    """Central as one release behind answers: its enrol body forbids unknown keys, so a
    ``label`` is a 422 naming it. Everything else is passed to the real central."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.state = app.state

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != "/api/v1/enrol":
            await self.app(scope, receive, send)
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        if "label" in json.loads(body or b"{}"):
            refusal = JSONResponse({"detail": [{"loc": ["body", "label"]}]}, status_code=422)
            await refusal(scope, receive, send)
            return
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def test_an_older_central_enrols_a_kiosk_given_no_label(central: FastAPI, data_dir: Path) -> None:
    with uvicorn_server(CentralBeforeLabels(central)) as url:
        # The stand-in does refuse a label, so the next line could fail.
        assert cli(data_dir, "enrol", "--label", "Disk", url, issue_code(central)) == 1
        assert cli(data_dir, "enrol", url, issue_code(central)) == 0
    assert _labels(central) == [None]
