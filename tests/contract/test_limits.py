"""The limits both programs enforce, declared once: the identifier rule, the years, and the
JSON nesting check (which must count brackets in strings as text, not as nesting)."""

from datetime import UTC, datetime

import pytest

from contract import fields, limits
from contract.catalogue import catalogue_problems


@pytest.mark.parametrize(
    "value", ["a", "kiosk-1", "Trosterud_2", "01936f3e-0000-7000-8000-000000000001", "x" * 64]
)
def test_identifiers_a_kiosk_and_central_make_pass(value: str) -> None:
    assert limits.identifier_problem(value) is None


@pytest.mark.parametrize(
    "value",
    [".", "..", "../catalogue?x", "a/b", "a\\b", "a?b", "a#b", "a%2Fb", "a b", "a\n", "-a",
     "_a", ".a", "", "x" * 65, "\u00e6", "a\x00", None, 7],
)  # fmt: skip
def test_identifiers_that_a_url_or_a_path_would_read_are_refused(value: object) -> None:
    assert limits.identifier_problem(value) == limits.IDENTIFIER_RULE


def test_the_years_are_declared_once_and_the_fields_use_them() -> None:
    assert (fields.TIME_MIN, fields.TIME_MAX) == (limits.TIME_MIN, limits.TIME_MAX)
    at = fields.Field("t", "time")
    assert at.check("2099-12-31T23:59:59Z") is None
    assert at.check("2100-01-01T00:00:00Z") == "must be within years 2000..2099"
    assert limits.time_problem(datetime(1999, 12, 31, 23, 59, tzinfo=UTC)) is not None


def test_a_catalogue_code_follows_the_identifier_rule() -> None:
    category = {"kind": "reuse", "names": {"nb": "Bøker"}, "default_weight_g": 500}
    document = {"version": 2, "categories": [{**category, "code": "=1+1"}]}
    assert catalogue_problems(document) == [("categories[0].code", limits.IDENTIFIER_RULE)]
    document["categories"][0]["code"] = "books_media"
    assert catalogue_problems(document) == []


def test_nesting_is_counted_past_the_limit_and_not_inside_strings() -> None:
    deep = limits.JSON_DEPTH_MAX
    assert not limits.json_depth_exceeds(b"[" * deep + b"]" * deep)
    assert limits.json_depth_exceeds(b"[" * (deep + 1) + b"]" * (deep + 1))
    assert limits.json_depth_exceeds(b'{"a": ' * 100_000)
    wide = b"[" + b"[1]," * 10_000 + b"[]]"
    assert not limits.json_depth_exceeds(wide)
    quoted = b'{"events": ["' + b"[" * 1000 + b'\\"' + b"{" * 1000 + b'"]}'
    assert not limits.json_depth_exceeds(quoted)
