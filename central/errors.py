"""Central's domain errors: what a client did wrong, named by a stable code and the record.

The domain knows no HTTP; ``central.core.errors`` maps each class to one status code, for
the API and the console alike.
"""

from typing import Any


class DomainError(Exception):
    """A refused request: a stable code, and a message naming what was wrong."""

    def __init__(
        self, code: str, message: str, *, record_id: str | None = None, index: int | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.record_id = record_id
        self.index = index

    def detail(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "record_id": self.record_id,
            "index": self.index,
        }


class Malformed(DomainError):
    """The body cannot be read at all (not JSON, not gzip)."""


class Rejected(DomainError):
    """Understood but not honoured: an unknown, used or expired enrolment code."""


class Unauthenticated(DomainError):
    """No token, a wrong one, or one of a revoked device."""


class Forbidden(DomainError):
    """A valid device asking for what is not its own (another station or device)."""


class NotFound(DomainError):
    """A station or device that does not exist."""


class Conflict(DomainError):
    """Contradicts what central already holds: an id or seq taken by other content."""


class TooLarge(DomainError):
    """Over a size limit."""


class Unsupported(DomainError):
    """An encoding central does not speak."""


class Invalid(DomainError):
    """Readable, but breaks a rule of the contract; names the field and the record."""


class RateLimited(DomainError):
    """Too many attempts; try again after ``retry_after`` seconds."""

    def __init__(self, code: str, message: str, *, retry_after: int) -> None:
        super().__init__(code, message)
        self.retry_after = retry_after


class NotSignedIn(Exception):
    """No staff session: a console page sends the browser to sign in, anything else is 401."""


class RoleRefused(Exception):
    """The staff member's role, or the form's CSRF token, does not allow this change (403)."""
