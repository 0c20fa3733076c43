"""Staff accounts and sessions: Argon2 passwords, disabling, server-side sessions with CSRF tokens.

The seam for single sign-on: an OIDC login would produce a ``StaffUser`` and call
``open_session`` exactly as ``sign_in`` does; nothing else needs to know how staff signed in.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from central.core.security import same_hash
from central.models import AuditEvent, StaffSession, StaffUser

ROLES = ("viewer", "operator", "admin")  # each includes every right of the ones before it
# Accounts made by the city's OpenID Connect sign-in; a local account cannot take such a name.
OIDC_PREFIX = "oidc:"
# Not an Argon2 hash, so no password ever verifies against it: such accounts sign in only via OIDC.
_NO_PASSWORD = "!oidc"
_hasher = PasswordHasher()
# Verified against when the user does not exist, so timing does not reveal valid usernames.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


def _digest(token: str) -> str:
    # A session token is 256 random bits, so a plain SHA-256 cannot be reversed by guessing;
    # only the digest is stored, so a copy of the table signs no one in.
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class AuthError(Exception):
    """Sign-in refused; ``code`` is ``bad_credentials`` (a password sign-in: wrong password,
    unknown name and disabled account alike) or ``disabled`` (the city's sign-in)."""

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


MIN_PASSWORD = 10


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"password must be at least {MIN_PASSWORD} characters")


def add_user(
    *, session: Session, username: str, password: str, role: str, now: datetime
) -> StaffUser:
    _check_role(role)
    if username.startswith(OIDC_PREFIX):
        raise ValueError(f"{OIDC_PREFIX} names are kept for the city's sign-in")
    _check_password(password)
    if session.scalar(select(StaffUser).where(StaffUser.username == username)) is not None:
        raise ValueError(f"user {username!r} exists")
    user = StaffUser(
        username=username,
        password_hash=_hasher.hash(password),
        role=role,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def sign_in(*, session: Session, username: str, password: str) -> StaffUser:
    """The user if the password is right and the account is not disabled; else ``AuthError``.

    An unknown name costs one Argon2 verification like a known one, and every refusal is the
    same ``bad_credentials``, so neither the answer nor its time tells which names exist.
    Throttling is the caller's (``login_throttle``), by address and name as typed."""
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    try:
        _hasher.verify(user.password_hash if user is not None else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        raise AuthError("bad_credentials") from None
    if user is None or user.disabled_at is not None:
        raise AuthError("bad_credentials")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    session.flush()
    return user


def set_disabled(*, session: Session, username: str, disabled: bool, now: datetime) -> StaffUser:
    """Disable (staff who left) or enable an account. Disabling ends every session of theirs
    in the same transaction, so an open browser is signed out at its next request."""
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None:
        raise ValueError(f"no user {username!r}")
    user.disabled_at = now if disabled else None
    if disabled:
        session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
    session.flush()
    return user


def user_named(*, session: Session, username: str) -> StaffUser:
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None:
        raise ValueError(f"no user {username!r}")
    return user


def is_last_active_admin(*, session: Session, user: StaffUser) -> bool:
    """True if ``user`` is the only enabled admin: disabling or demoting them would leave
    the console with no one who can manage people (only the CLI could mend it)."""
    if user.role != "admin" or user.disabled_at is not None:
        return False
    # The enabled admins' rows stay locked until the caller commits (PostgreSQL; SQLite has
    # one writer at a time): two admins demoting each other at once cannot both see the other
    # as the admin who remains; the second waits, reads again, and is refused.
    admins = session.scalars(
        select(StaffUser.id)
        .where(StaffUser.role == "admin", StaffUser.disabled_at.is_(None))
        .with_for_update()
    ).all()
    return not any(other != user.id for other in admins)


def set_role(*, session: Session, username: str, role: str) -> StaffUser:
    _check_role(role)
    user = user_named(session=session, username=username)
    user.role = role
    session.flush()
    return user


def set_password(*, session: Session, username: str, password: str) -> StaffUser:
    """A new password (an admin's reset); sessions already open stay open."""
    _check_password(password)
    user = user_named(session=session, username=username)
    if user.password_hash == _NO_PASSWORD:
        raise ValueError("this account signs in through the city's sign-in only")
    user.password_hash = _hasher.hash(password)
    session.flush()
    return user


def staff_from_identity(*, session: Session, name: str, role: str, now: datetime) -> StaffUser:
    """The account for a user the city's provider vouched for, made on first sign-in.

    The role follows the provider's groups at every sign-in, so a move in the city's directory
    takes effect at the next sign-in. ValueError if the name does not fit, ``AuthError`` if
    the account was disabled.
    """
    username = OIDC_PREFIX + name
    if role not in ROLES or not name or len(username) > 64:
        raise ValueError("unusable name or role")
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None:
        user = StaffUser(
            username=username,
            password_hash=_NO_PASSWORD,
            role=role,
            created_at=now,
        )
        session.add(user)
    elif user.disabled_at is not None:
        raise AuthError("disabled")  # off-boarded here, whatever the city's directory says
    user.role = role
    session.flush()
    return user


def open_session(*, session: Session, user: StaffUser, ttl: timedelta, now: datetime) -> str:
    """A new session for ``user``; returns the cookie value (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    user.last_sign_in_at = now  # every way of signing in opens a session here
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


def staff_for_cookie(*, session: Session, token: str | None, now: datetime) -> Staff | None:
    if not token:
        return None
    digest = _digest(token)
    row = session.execute(
        select(StaffSession, StaffUser)
        .join(StaffUser, StaffUser.id == StaffSession.user_id)
        .where(StaffSession.token_hash == digest, StaffUser.disabled_at.is_(None))
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
    now: datetime,
) -> None:
    """Append one line to the audit log; the caller's commit makes it part of the action."""
    session.add(AuditEvent(at=now, actor=actor, action=action, target=target, detail=detail))
