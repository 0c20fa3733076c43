"""The catalogue document central publishes and kiosks load: one typed document, checked whole.

Its eight category fields are declared here once (``CatalogueEntry``); the kiosk's tiles and
central's kinds are read from the parsed document, never from the raw JSON.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from contract.fields import INT_MAX
from contract.limits import identifier_problem
from contract.records import Kind

SOURCE_LANGUAGE = "nb"
UN_NUMBER = re.compile(r"[0-9]{4}")


class CatalogueError(ValueError):
    """A catalogue document that breaks the rules; the message names the field."""


def catalogue_problems(doc: Any) -> list[tuple[str, str]]:
    """Every (field, message) wrong with a catalogue document; empty when it is valid."""
    if not isinstance(doc, dict):
        return [("catalogue", "must be an object")]
    problems: list[tuple[str, str]] = []
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 0 <= version <= INT_MAX:
        problems.append(("version", f"must be an integer within 0..{INT_MAX}"))
    categories = doc.get("categories")
    if not isinstance(categories, list):
        return [*problems, ("categories", "must be a list")]
    seen: set[str] = set()
    for i, raw in enumerate(categories):
        problems += _category_problems(f"categories[{i}]", raw, seen)
    return problems


def _category_problems(where: str, raw: Any, seen: set[str]) -> list[tuple[str, str]]:
    if not isinstance(raw, dict):
        return [(where, "must be an object")]
    problems = []
    code = raw.get("code")
    # A code becomes part of URLs and file names: one identifier rule for every id.
    if (problem := identifier_problem(code)) is not None:
        problems.append((f"{where}.code", problem))
    elif code in seen:
        problems.append((f"{where}.code", f"{code!r} appears twice"))
    else:
        seen.add(str(code))
    if raw.get("kind") not in tuple(Kind):
        problems.append((f"{where}.kind", f"must be one of {', '.join(Kind)}"))
    names = raw.get("names")
    if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
        problems.append((f"{where}.names", "must map languages to names"))
    elif not names.get(SOURCE_LANGUAGE):
        problems.append((f"{where}.names", f"has no Bokmål ({SOURCE_LANGUAGE}) name"))
    weight = raw.get("default_weight_g")
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= INT_MAX:
        problems.append((f"{where}.default_weight_g", f"must be an integer within 1..{INT_MAX}"))
    ewc = raw.get("ewc")
    if ewc is not None and (not isinstance(ewc, list) or not all(isinstance(e, str) for e in ewc)):
        problems.append((f"{where}.ewc", "must be a list of EWC codes (strings)"))
    if raw.get("ns") is not None and not isinstance(raw.get("ns"), str):
        problems.append((f"{where}.ns", "must be a string or null"))
    un = raw.get("un")
    if un is not None and not (isinstance(un, str) and UN_NUMBER.fullmatch(un)):
        problems.append((f"{where}.un", "must be a UN number of four digits (1950), or absent"))
    if not isinstance(raw.get("active", True), bool):
        problems.append((f"{where}.active", "must be true or false"))
    return problems


def check_catalogue(doc: Any) -> dict[str, Any]:
    """``doc`` unchanged when valid; otherwise CatalogueError naming the first bad field."""
    problems = catalogue_problems(doc)
    if problems:
        field, message = problems[0]
        raise CatalogueError(f"{field}: {message}")
    checked: dict[str, Any] = doc  # catalogue_problems found it to be an object of categories
    return checked


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One category of a catalogue document: the eight fields, declared once."""

    code: str
    kind: Kind
    names: Mapping[str, str]
    default_weight_g: int
    ewc: tuple[str, ...] = ()
    ns: str | None = None  # Norwegian waste substance number (avfallsstoffnummer), hazardous only
    active: bool = True
    un: str | None = None  # the ADR UN number, where every item of the category has the same one

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind.value,
            "names": dict(self.names),
            "default_weight_g": self.default_weight_g,
            "ewc": list(self.ewc),
            "ns": self.ns,
            "active": self.active,
            # Written only where set: most categories have none, and documents without it
            # (every one before it existed) round-trip unchanged.
            **({"un": self.un} if self.un is not None else {}),
        }


@dataclass(frozen=True, slots=True)
class CatalogueDocument:
    """A whole catalogue version, as checked by ``parse_catalogue``."""

    version: int
    categories: tuple[CatalogueEntry, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "categories": [c.to_dict() for c in self.categories]}

    def kinds(self) -> dict[str, str]:
        return {c.code: c.kind.value for c in self.categories}


def parse_catalogue(doc: Any) -> CatalogueDocument:
    """The typed document; CatalogueError (a ValueError) names the first bad field."""
    checked = check_catalogue(doc)
    return CatalogueDocument(
        version=checked["version"],
        categories=tuple(
            CatalogueEntry(
                code=raw["code"],
                kind=Kind(raw["kind"]),
                names=dict(raw["names"]),
                default_weight_g=raw["default_weight_g"],
                ewc=tuple(raw.get("ewc") or ()),
                ns=raw.get("ns"),
                active=raw.get("active", True),
                un=raw.get("un"),
            )
            for raw in checked["categories"]
        ),
    )
