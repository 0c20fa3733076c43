"""The catalogue of categories a station takes; versioned, owned by central, shipped by default."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import assets
from contract.catalogue import (
    SOURCE_LANGUAGE,
    CatalogueDocument,
    CatalogueEntry,
    parse_catalogue,
)
from contract.rules import direction_problem
from kiosk.domain.errors import QT_TRANSLATE_NOOP, ValidationError
from kiosk.domain.kinds import Direction, Kind


class Category(CatalogueEntry):
    """A category as the kiosk shows it: the contract's entry, with its name and icon."""

    __slots__ = ()

    def name(self, language: str = SOURCE_LANGUAGE) -> str:
        """The name in ``language``, falling back to Bokmål, never to an empty string."""
        return self.names.get(language) or self.names[SOURCE_LANGUAGE]

    @property
    def icon(self) -> str:
        return self.code


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: int
    categories: tuple[Category, ...]
    _by_code: dict[str, Category] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {c.code: c for c in self.categories})

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> "Catalogue":
        """Build from a catalogue document; CatalogueError (a ValueError) names a bad field."""
        parsed = parse_catalogue(doc)
        categories = tuple(
            Category(**{name: getattr(entry, name) for name in entry.__dataclass_fields__})
            for entry in parsed.categories
        )
        return cls(version=parsed.version, categories=categories)

    def to_dict(self) -> dict[str, Any]:
        return CatalogueDocument(self.version, self.categories).to_dict()

    def get(self, code: str) -> Category | None:
        return self._by_code.get(code)

    def active(self, kind: Kind | None = None) -> list[Category]:
        return [c for c in self.categories if c.active and (kind is None or c.kind == kind)]

    def require(self, code: str, *, direction: Direction = Direction.IN) -> Category:
        """The active category ``code``, or a ValidationError a person can act on."""
        category = self._by_code.get(code)
        if category is None:
            raise ValidationError(
                "unknown_category",
                #: Keep each {name} exactly, braces included: the kiosk puts the value there.
                QT_TRANSLATE_NOOP(
                    "validation", "Ukjent kategori «{value}». Velg en kategori fra listen."
                ),
                value=code,
            )
        if not category.active:
            raise ValidationError(
                "inactive_category",
                #: Keep each {name} exactly, braces included: the kiosk puts the value there.
                QT_TRANSLATE_NOOP(
                    "validation",
                    "Kategorien «{value}» er ikke lenger i bruk. Velg en annen kategori.",
                ),
                value=category.name(),
            )
        if direction_problem(category.kind, direction) is not None:
            raise ValidationError(
                "direction_not_allowed",
                #: Keep each {name} exactly, braces included: the kiosk puts the value there.
                QT_TRANSLATE_NOOP(
                    "validation", "Bare ombruksgjenstander kan tas med ut, ikke «{value}»."
                ),
                value=category.name(),
            )
        return category


def load_default() -> Catalogue:
    """The catalogue bundled in ``assets/``."""
    return Catalogue.from_dict(assets.default_catalogue_document())
