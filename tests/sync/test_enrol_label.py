"""`kiosk enrol --label` against a real central over a socket: the label is what the
console shows; enrolling again without it (a takeover) keeps the name staff know."""

from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import Device
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
