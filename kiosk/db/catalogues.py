"""Catalogues central sent, kept in the store; the newest stored one beats the bundled default."""

import json
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.dialects.sqlite import insert

from kiosk.db.engine import writer
from kiosk.db.errors import known_errors
from kiosk.db.models import StoredCatalogue
from kiosk.domain.catalogue import Catalogue, load_default
from kiosk.domain.clock import utc_now


def save_catalogue(engine: Engine, document: dict[str, Any]) -> Catalogue:
    """Validate and keep a catalogue from central; returns it parsed. Idempotent per version."""
    catalogue = Catalogue.from_dict(document)  # refuse a broken one before storing it
    stmt = (
        insert(StoredCatalogue)
        .values(
            version=catalogue.version,
            document=json.dumps(document, ensure_ascii=False),
            received_at=utc_now(),
        )
        .on_conflict_do_nothing(index_elements=["version"])
    )
    with known_errors(), writer(engine).begin() as conn:
        conn.execute(stmt)
    return catalogue


def load_catalogue(engine: Engine) -> Catalogue:
    """The catalogue in force: the newest stored from central, else the bundled default."""
    with known_errors(), engine.connect() as conn:
        document = conn.scalar(
            select(StoredCatalogue.document).order_by(StoredCatalogue.version.desc()).limit(1)
        )
    default = load_default()
    if document is None:
        return default
    stored = Catalogue.from_dict(json.loads(document))
    # An app update may bundle a newer catalogue than the last one central sent.
    return stored if stored.version >= default.version else default
