"""The catalogue document central publishes and kiosks load: its shape and rules, checked purely."""

from typing import Any

from contract.fields import INT_MAX
from contract.limits import identifier_problem
from contract.records import Kind

SOURCE_LANGUAGE = "nb"


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
    return problems


def check_catalogue(doc: Any) -> dict[str, Any]:
    """``doc`` unchanged when valid; otherwise CatalogueError naming the first bad field."""
    problems = catalogue_problems(doc)
    if problems:
        field, message = problems[0]
        raise CatalogueError(f"{field}: {message}")
    checked: dict[str, Any] = doc  # catalogue_problems found it to be an object of categories
    return checked
