"""Signed kiosk updates: the release channels and the outcomes a kiosk reports, declared once
for the kiosk's updater and central's fleet pages (docs/updates.md)."""

from enum import StrEnum


class UpdateChannel(StrEnum):
    """Which releases a kiosk takes: final releases, or release candidates too ("0.3.0rc1")."""

    STABLE = "stable"
    PILOT = "pilot"


class UpdateOutcome(StrEnum):
    """How a kiosk's last update attempt ended."""

    STAGED = "staged"  # verified and self-tested; waits for a closed restart
    SWITCHED = "switched"  # in force from the next start, on trial
    UP = "up"  # the new version reached its first frame
    ROLLED_BACK = "rolled_back"  # it did not, twice: the launcher went back
    REFUSED = "refused"  # a TUF check failed (named in the reason)
    SELF_TEST_FAILED = "self_test_failed"  # the new bundle failed its self-test
