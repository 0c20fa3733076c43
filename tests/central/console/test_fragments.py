"""htmx one way: a fragment is a block of its page's own template (jinja2-fragments), and the
templates format no moment themselves (central.services.formatting does, as filters)."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from central.console.deps import HERE
from central.services import formatting
from tests.central.conftest import Kiosk
from tests.central.console.conftest import make_silent

HTMX = {"HX-Request": "true"}
# What a template must leave to a filter: the zone, its arithmetic and its formats.
FORMATTING_IN_TEMPLATE = re.compile(r"astimezone|strftime|\boslo\b|\.version\s*[-+]|version\s*\+")


def formatting_in(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if FORMATTING_IN_TEMPLATE.search(line)]


def _section(page: str, start: str, end: str) -> str:
    return start + page.split(start, 1)[1].split(end, 1)[0] + end


def test_the_alarm_refresh_is_the_overview_block_alone(
    app: FastAPI, kiosk: Kiosk, staff: dict[str, TestClient]
) -> None:
    make_silent(app, kiosk.device_id)
    page = staff["viewer"].get("/").text
    fragment = staff["viewer"].get("/alarms", headers=HTMX).text
    assert "<html" not in fragment and "<h1" not in fragment
    assert fragment.strip().startswith('<section id="alarms"')
    assert "alarm-silent" in fragment
    # The same markup as the page's own section: one template, so they cannot drift apart.
    assert _section(page, '<section id="alarms"', "</section>") == fragment.strip()
    # The alarm list refreshes itself: a live region around the swapped section, which the
    # swap leaves in place (it is not in the fragment), announces what changed.
    live = page.split('<div aria-live="polite" id="alarms-live">', 1)[1].split("</div>", 1)[0]
    assert live.strip().startswith('<section id="alarms"') and 'hx-swap="outerHTML"' in live
    assert "aria-live" not in fragment


def test_the_effect_form_swaps_in_only_the_report_block(
    kiosk: Kiosk, staff: dict[str, TestClient]
) -> None:
    url = "/stations/trosterud/effect?from_year=2024&to_year=2024"
    page = staff["viewer"].get(url)
    fragment = staff["viewer"].get(url, headers=HTMX)
    assert page.status_code == fragment.status_code == 200
    assert "<html" in page.text and "<html" not in fragment.text
    assert fragment.text.strip().startswith('<div id="effect">')
    assert "<form" not in fragment.text and '<table class="ds-table">' in fragment.text
    refused = staff["viewer"].get(url.replace("2024&", "1999&"), headers=HTMX)
    assert refused.status_code == 422
    assert refused.text.strip().startswith('<div id="effect">')
    assert "from_year" in refused.text and "<html" not in refused.text


def test_no_template_formats_a_moment_or_counts_a_version() -> None:
    found = {
        path.name: hits
        for path in sorted(Path(HERE, "templates").glob("*.html"))
        if (hits := formatting_in(path.read_text("utf-8")))
    }
    assert found == {}


def test_the_template_check_catches_planted_formatting() -> None:
    planted = (
        "<p>{{ t.astimezone(oslo).strftime('%H:%M') }}</p>\n"
        "<p>{{ t | oslo_clock }}</p>\n"
        "{{ _('Publish version {version}', version=document.version + 1) }}"
    )
    assert len(formatting_in(planted)) == 2


def test_moments_are_written_in_oslo_the_norwegian_way() -> None:
    winter = datetime(2026, 12, 7, 11, 5, tzinfo=UTC)  # 12:05 in Oslo (CET)
    summer = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # 00:30 the next day (CEST)
    assert formatting.oslo_moment(winter) == "07.12.2026 12:05"
    assert formatting.oslo_moment(summer) == "02.07.2026 00:30"
    assert formatting.oslo_clock(summer) == "00:30"
    assert formatting.oslo_day_clock(winter) == "07.12 12:05"
    assert formatting.oslo_weekday(summer) == "Thu"
    assert formatting.day_text(date(2023, 11, 30)) == "30.11.2023"
