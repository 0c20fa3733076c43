"""Read-only feed tokens: issued and revoked by their owner, stored as keyed hashes only.

``reader_for_token`` is the one door of the OData feed; ``may_read_feed`` is the one rule of
whose tokens still work, so a rule such as "disabled users" is added in one place.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.core.security import hash_secret, new_token, same_hash
from central.errors import NotFound
from central.models import FeedToken, StaffUser

NAME_MAX = 100


@dataclass(frozen=True, slots=True)
class Issued:
    token: FeedToken
    secret: str  # shown to its owner once, never stored


def issue(*, session: Session, key: bytes, user_id: int, name: str, now: datetime) -> Issued:
    secret = new_token()
    row = FeedToken(
        user_id=user_id,
        name=name.strip()[:NAME_MAX],
        token_hash=hash_secret(secret, key=key),
        created_at=now,
    )
    session.add(row)
    session.flush()
    return Issued(row, secret)


def tokens_of(*, session: Session, user_id: int) -> list[FeedToken]:
    """The user's tokens still in force, newest first."""
    query = (
        select(FeedToken)
        .where(FeedToken.user_id == user_id, FeedToken.revoked_at.is_(None))
        .order_by(FeedToken.created_at.desc(), FeedToken.id.desc())
    )
    return list(session.scalars(query))


def revoke(*, session: Session, user_id: int, token_id: int, now: datetime) -> FeedToken:
    """Revoke one of the user's own tokens; another user's token is "not found", not told."""
    row = session.get(FeedToken, token_id)
    if row is None or row.user_id != user_id or row.revoked_at is not None:
        raise NotFound("unknown_feed_token", f"feed token {token_id}: none of yours in force")
    row.revoked_at = now
    session.flush()
    return row


def may_read_feed(user: StaffUser | None) -> bool:
    """Whether a token's owner may still read the feed: the account exists and is not
    disabled, so disabling a colleague stops their tokens at once, as their sessions."""
    return user is not None and user.disabled_at is None


def reader_for_token(
    *, session: Session, key: bytes, secret: str, now: datetime
) -> StaffUser | None:
    """The staff user a presented token reads as, or None; notes when the token was used."""
    if not secret:
        return None
    digest = hash_secret(secret, key=key)
    row = session.execute(
        select(FeedToken, StaffUser)
        .outerjoin(StaffUser, StaffUser.id == FeedToken.user_id)
        .where(FeedToken.token_hash == digest)
    ).first()
    if row is None or row[0].revoked_at is not None or not same_hash(row[0].token_hash, digest):
        return None
    token, user = row
    if not may_read_feed(user):
        return None
    # A refresh reads many pages; one write a minute is enough to say "last used".
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
    return user
