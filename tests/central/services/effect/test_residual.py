"""Issue 20.4: residual waste is its own measure (energy recovery), never material recycling,
and a category's kind changes only by an audited reclassification that restates the report."""

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from assets import default_catalogue_document
from central.cli import main
from central.models import AuditEvent, CatalogueVersion
from central.services.catalogue import category_kinds, latest_catalogue
from central.services.effect import effect_report
from contract.effect import Measure, Row, measure_of
from tests.central.conftest import Kiosk
from tests.central.services.effect.test_pilot_table import reversal, send

AT = "2026-03-03T10:00:00.000000Z"


def deposit(kiosk: Kiosk, category: str, grams: int, at: str = AT) -> dict[str, Any]:
    return kiosk.record(type="deposit", category=category, weight_g=grams, recorded_at=at)


def rows(app: FastAPI, *, as_of: datetime | None = None) -> dict[Row, list[int]]:
    with Session(app.state.engine) as session:
        return effect_report(session=session, years=[2025, 2026], as_of=as_of).rows


def test_coarse_residual_waste_is_energy_recovery_not_recycling(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    assert measure_of("residual", "in") is Measure.RESIDUAL
    bulky = next(c for c in default_catalogue_document()["categories"]
                 if c["names"]["nb"] == "Restavfall, grovt")  # fmt: skip
    assert (bulky["kind"], bulky["ewc"]) == ("residual", ["20 03 07"])
    send(api, kiosk, [deposit(kiosk, "wood", 16_000), deposit(kiosk, "residual_bulky", 10_000)])
    got = rows(app)
    assert (got[Row.RECYCLED_KG], got[Row.RESIDUAL_KG]) == ([0, 16_000], [0, 10_000])


def old_catalogue(app: FastAPI) -> None:
    """A database from before: "Restavfall, grovt" published as a recycling category."""
    with Session(app.state.engine) as session:
        document = default_catalogue_document()
        document["version"] = 5
        for category in document["categories"]:
            if category["code"] == "residual_bulky":
                category["kind"] = "recycling"
        session.add(CatalogueVersion(version=5, document=json.dumps(document),
                                     published_at=datetime.now(UTC)))  # fmt: skip
        session.commit()


def test_reclassify_restates_every_year_and_is_audited(
    app: FastAPI, api: TestClient, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    old_catalogue(app)
    wrong = deposit(kiosk, "residual_bulky", 4_000, "2025-12-31T23:30:00.000000Z")  # 2026 Oslo
    send(api, kiosk, [deposit(kiosk, "residual_bulky", 10_000, "2025-05-05T10:00:00.000000Z"),
                      deposit(kiosk, "wood", 16_000), wrong, reversal(kiosk, wrong)])  # fmt: skip
    assert rows(app)[Row.RECYCLED_KG] == [10_000, 16_000]
    url = app.state.settings.db_url
    args = ["--db-url", url, "reclassify", "residual_bulky", "residual", "--actor", "kari"]
    assert main([*args, "--note", "EAL 20 03 07 goes to energy recovery (REG, issue 20)"]) == 0
    assert "catalogue version 6" in capsys.readouterr().out
    for as_of in (None, datetime(2099, 1, 1, tzinfo=UTC)):
        got = rows(app, as_of=as_of)
        assert got[Row.RECYCLED_KG] == [0, 16_000]
        assert got[Row.RESIDUAL_KG] == [10_000, 0]
    with Session(app.state.engine) as session:
        assert category_kinds(session=session)["residual_bulky"] == "residual"
        latest = latest_catalogue(session=session)
        assert latest is not None and latest.version == 6
        (line,) = session.scalars(select(AuditEvent).where(AuditEvent.action == "reclassify"))
    assert (line.actor, line.target) == ("cli:kari", "residual_bulky")
    assert "recycling -> residual" in line.detail and "energy recovery" in line.detail
    # Records that arrive after the change count by the new kind.
    send(api, kiosk, [deposit(kiosk, "residual_bulky", 1_000)])
    assert rows(app)[Row.RESIDUAL_KG] == [10_000, 1_000]


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["residual_bulky", "compost", "--note", "x"], "kind"),
        (["residual_bulky", "residual", "--note", " "], "note"),
        (["no_such_code", "residual", "--note", "x"], "code"),
        (["residual_bulky", "residual", "--note", "x"], "already"),
    ],
)
def test_a_bad_reclassification_is_refused_by_name_and_writes_nothing(
    app: FastAPI, capsys: pytest.CaptureFixture[str], extra: list[str], named: str
) -> None:
    url = app.state.settings.db_url
    assert main(["--db-url", url, "reclassify", *extra]) == 1
    assert named in capsys.readouterr().err
    with Session(app.state.engine) as session:
        assert session.scalars(select(CatalogueVersion.version)).all() == [2]
        assert session.scalars(select(AuditEvent)).all() == []
