"""The catalogue central owns: its versions, publishing a newer one, and every category's kind."""

import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.errors import Conflict, Invalid
from central.models import CatalogueVersion
from central.schemas import CataloguePublic
from contract.catalogue import catalogue_problems


def latest_catalogue(*, session: Session) -> CatalogueVersion | None:
    return session.scalar(
        select(CatalogueVersion).order_by(CatalogueVersion.version.desc()).limit(1)
    )


def catalogue_since(*, session: Session, since: int, now: datetime) -> CataloguePublic:
    """The newest catalogue if the kiosk's version ``since`` is older, with central's clock.

    Every sync pass of every kiosk asks, and the answer is nearly always "unchanged": the
    document is read only when there is a newer one to send."""
    newest = session.scalar(select(func.max(CatalogueVersion.version)))
    if newest is None or newest <= since:
        return CataloguePublic(changed=False, version=since, server_time=now)
    row = session.get(CatalogueVersion, newest)
    assert row is not None  # its version was just read, and versions are never deleted
    return CataloguePublic(
        changed=True, version=newest, catalogue=json.loads(row.document), server_time=now
    )


def publish_catalogue(
    *, session: Session, document: dict[str, Any], now: datetime
) -> CatalogueVersion:
    """Store a new catalogue version; it must be newer than every version before it."""
    problems = catalogue_problems(document)  # refuse a malformed one before any kiosk sees it
    if problems:
        field, message = problems[0]
        raise Invalid("invalid_catalogue", f"{field}: {message}")
    current = latest_catalogue(session=session)
    version = int(document["version"])
    if current is not None and version <= current.version:
        raise Conflict(
            "catalogue_not_newer", f"Version {version} is not newer than {current.version}."
        )
    known = category_kinds(session=session)
    for category in document["categories"]:
        if known.get(category["code"], category["kind"]) != category["kind"]:
            # The effect report's rollup counted past records by their kind: keep it true.
            raise Conflict(
                "kind_changed",
                f"Category {category['code']!r} was {known[category['code']]!r}; "
                "a code keeps its kind. Use a new code.",
            )
    row = CatalogueVersion(
        version=version,
        document=json.dumps(document, ensure_ascii=False),
        published_at=now,
    )
    session.add(row)
    session.flush()
    return row


# Each version's {code: kind}, parsed once: a published version never changes. Keyed by
# version and publication time, so two databases (tests, a restored backup) never share one.
_KINDS_OF_VERSION: dict[tuple[int, datetime], dict[str, str]] = {}


def category_kinds(*, session: Session) -> dict[str, str]:
    """Every category code any version ever had, with its kind in the newest version having it.

    A kiosk that has not yet fetched the newest catalogue may still send a retired code;
    that record is true history and is accepted. Every batch asks: only the versions' keys
    are read, and a document only the first time its version is seen.
    """
    keys = session.execute(
        select(CatalogueVersion.version, CatalogueVersion.published_at).order_by(
            CatalogueVersion.version
        )
    ).all()
    unseen = [version for version, at in keys if (version, at) not in _KINDS_OF_VERSION]
    if unseen:
        for version, at, document in session.execute(
            select(
                CatalogueVersion.version, CatalogueVersion.published_at, CatalogueVersion.document
            ).where(CatalogueVersion.version.in_(unseen))
        ):
            _KINDS_OF_VERSION[version, at] = {
                c["code"]: c["kind"] for c in json.loads(document)["categories"]
            }
    kinds: dict[str, str] = {}
    for version, at in keys:
        kinds.update(_KINDS_OF_VERSION[version, at])
    return kinds
