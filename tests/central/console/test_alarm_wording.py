"""A demo's short silence limit reads in minutes on the overview, not as "0.0 hours"."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from central.core.config import Settings
from tests.central.conftest import Kiosk
from tests.central.console.conftest import make_silent


@pytest.fixture
def central_settings(central_settings: Settings) -> Settings:
    # README's demo setting: three minutes of silence is an alarm.
    return central_settings.model_copy(update={"silent_alarm_hours": 0.05})


def test_a_few_minutes_of_silence_reads_in_minutes(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    make_silent(app, kiosk.device_id, hours=0.1)  # six minutes
    (alarm,) = staff["viewer"].get("/api/v1/alerts").json()
    assert (alarm["kind"], alarm["minutes"]) == ("silent", 6)
    page = staff["viewer"].get("/").text
    assert "Stille i 6 minutter" in page
    assert "timer" not in page.split('id="alarms"')[1].split("</section>")[0]


def test_hours_of_silence_still_read_in_hours(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    make_silent(app, kiosk.device_id, hours=3)
    page = staff["viewer"].get("/").text
    assert "Stille i 3 timer" in page  # whole hours: never "3.0"
    assert "minutter" not in page
