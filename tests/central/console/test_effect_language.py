"""The effect table's row labels follow the console's language on every page that shows
them (effect report, earlier figures, all stations); CSV and XLSX stay Norwegian."""

from fastapi.testclient import TestClient

from central.services.effect_output import LABELS, LABELS_NB
from contract.effect import Row
from tests.central.conftest import Kiosk

PAGES = ("/effect?from_year=2026&to_year=2026", "/stations/trosterud/effect?from_year=2026",
         "/stations/trosterud/history", "/stations")  # fmt: skip


def test_every_page_with_effect_rows_names_them_in_the_page_s_language(
    staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    viewer = staff["admin"]  # the earlier figures' form (its row choice) is an admin's
    for path in PAGES:
        for lang, words, other in (("en", LABELS, LABELS_NB), ("nb", LABELS_NB, LABELS)):
            sep = "&" if "?" in path else "?"
            page = viewer.get(f"{path}{sep}lang={lang}")
            assert page.status_code == 200, (path, page.text)
            text = page.text.replace("&#39;", "'")
            assert words[Row.RECYCLED_KG] in text, (path, lang)
            assert other[Row.RECYCLED_KG] not in text, (path, lang)


def test_the_downloads_stay_norwegian(staff: dict[str, TestClient], kiosk: Kiosk) -> None:
    viewer = staff["viewer"]
    viewer.get("/?lang=en")
    body = viewer.get("/effect", params={"from_year": "2026", "format": "csv"}).content
    text = body.decode("utf-8-sig")
    assert LABELS_NB[Row.RECYCLED_KG] in text and LABELS[Row.RECYCLED_KG] not in text
