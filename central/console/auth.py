"""Staff accounts and sessions: Argon2 passwords, lockout, server-side sessions with CSRF tokens.

The seam for single sign-on: an OIDC login would produce a ``StaffUser`` and call
``open_session`` exactly as ``sign_in`` does; nothing else needs to know how staff signed in.
"""

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from central.core.security import same_hash
from central.models import AuditEvent, StaffSession, StaffUser

ROLES = ("viewer", "operator", "admin")  # each includes every right of the ones before it
_hasher = PasswordHasher()
# Verified against when the user does not exist, so timing does not reveal valid usernames.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


def _digest(token: str) -> str:
    # A session token is 256 random bits, so a plain SHA-256 cannot be reversed by guessing;
    # only the digest is stored, so a copy of the table signs no one in.
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class AuthError(Exception):
    """Sign-in refused; ``code`` is ``bad_credentials`` or ``locked``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class Staff:
    """Who is signed in, as a route sees it."""

    user_id: int
    username: str
    role: str
    csrf_token: str

    def may(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def add_user(*, session: Session, username: str, password: str, role: str) -> StaffUser:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 10:
        raise ValueError("password must be at least 10 characters")
    if session.scalar(select(StaffUser).where(StaffUser.username == username)) is not None:
        raise ValueError(f"user {username!r} exists")
    user = StaffUser(
        username=username,
        password_hash=_hasher.hash(password),
        role=role,
        created_at=datetime.now(UTC),
        failed_logins=0,
    )
    session.add(user)
    session.flush()
    return user


def sign_in(
    *,
    session: Session,
    username: str,
    password: str,
    max_failures: int,
    lockout: timedelta,
    now: datetime | None = None,
) -> StaffUser:
    """The user if the password is right and the account is not locked; else ``AuthError``.

    The caller commits in both cases: a failure must be counted even though it raises.
    """
    now = now or datetime.now(UTC)
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        raise AuthError("bad_credentials")
    if user.locked_until is not None and user.locked_until > now:
        raise AuthError("locked")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= max_failures:
            user.locked_until = now + lockout
            user.failed_logins = 0
            record(session=session, actor=username, action="account_locked", now=now)
        session.flush()
        raise AuthError("bad_credentials") from None
    user.failed_logins = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    session.flush()
    return user


def open_session(
    *, session: Session, user: StaffUser, ttl: timedelta, now: datetime | None = None
) -> str:
    """A new session for ``user``; returns the cookie value (only its hash is stored)."""
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            token_hash=_digest(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            expires_at=now + ttl,
        )
    )
    session.flush()
    return token


def staff_for_cookie(
    *, session: Session, token: str | None, now: datetime | None = None
) -> Staff | None:
    if not token:
        return None
    now = now or datetime.now(UTC)
    digest = _digest(token)
    row = session.execute(
        select(StaffSession, StaffUser)
        .join(StaffUser, StaffUser.id == StaffSession.user_id)
        .where(StaffSession.token_hash == digest)
    ).first()
    if row is None or row[0].expires_at <= now or not same_hash(row[0].token_hash, digest):
        return None
    sess, user = row
    return Staff(
        user_id=user.id, username=user.username, role=user.role, csrf_token=sess.csrf_token
    )


def close_session(*, session: Session, token: str | None) -> None:
    """Delete the session row, so the same cookie replayed later signs no one in."""
    if token:
        session.execute(delete(StaffSession).where(StaffSession.token_hash == _digest(token)))


def csrf_ok(staff: Staff, submitted: str | None) -> bool:
    return bool(submitted) and secrets.compare_digest(staff.csrf_token, submitted or "")


def record(
    *,
    session: Session,
    actor: str,
    action: str,
    target: str = "",
    detail: str = "",
    now: datetime | None = None,
) -> None:
    """Append one line to the audit log; the caller's commit makes it part of the action."""
    session.add(
        AuditEvent(
            at=now or datetime.now(UTC), actor=actor, action=action, target=target, detail=detail
        )
    )
