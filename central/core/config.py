"""Every central setting, declared once with a type and a default, read from KIOSK_CENTRAL_* env.

pydantic-settings is not a project dependency, so a plain pydantic model reads the
environment itself: each field ``name`` comes from ``KIOSK_CENTRAL_<NAME>`` when set.
"""

import json
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from contract.limits import BATCH_BODY_MAX_BYTES, BATCH_RECORDS_MAX, identifier_problem

ENV_PREFIX = "KIOSK_CENTRAL_"
# A door integration's HMAC secret: at least 256 bits, as long as the SHA-256 it keys.
DOOR_SECRET_MIN_BYTES = 32


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("Minigjenbruk-central", "REG"))


def _default_db_url() -> str:
    from central.core.secret import private_folder

    return f"sqlite:///{private_folder(default_data_dir()) / 'central.sqlite3'}"


class Settings(BaseModel):
    """Central's settings. Production sets KIOSK_CENTRAL_DB_URL to a postgresql+psycopg URL."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    db_url: str = Field(default_factory=_default_db_url)
    host: str = "127.0.0.1"
    port: int = 8000
    # Same ceiling as the kiosk's default max_weight_g: one registration, not one lorry.
    max_weight_g: int = Field(default=200_000, gt=0)
    max_batch_records: int = Field(default=BATCH_RECORDS_MAX, gt=0)
    # Body size, and decompressed size: also the guard against a gzip bomb.
    max_batch_bytes: int = Field(default=BATCH_BODY_MAX_BYTES, gt=0)
    enrol_code_ttl_hours: int = Field(default=72, gt=0)
    # Console alarms. A demo may shorten the silence limit to minutes (e.g. 0.05 hours).
    silent_alarm_hours: float = Field(default=48.0, gt=0)
    clock_alarm_s: float = Field(default=300.0, gt=0)
    # A seq gap is an alarm once the device synced again at least this long after central
    # first saw it: the same pass's later batches and status report do not count as "next".
    gap_alarm_after_min: float = Field(default=10.0, ge=0)
    # Staff sign-in.
    session_hours: float = Field(default=12.0, gt=0)
    # Sign-in throttling: wrong passwords before delays begin, per (account, address), per
    # address across accounts, and per account from addresses it never signed in from; each
    # one more doubles the wait, up to login_max_delay_s. Per worker process.
    login_free_per_pair: int = Field(default=5, gt=0)
    login_free_per_address: int = Field(default=20, gt=0)
    login_free_per_account: int = Field(default=50, gt=0)
    login_max_delay_s: float = Field(default=900.0, gt=0)
    # Keys the token and code hashes (KIOSK_CENTRAL_SECRET); unset: secret.key in data_dir.
    secret: str | None = Field(default=None, repr=False)
    # Where secret.key lives; unset: the SQLite file's folder, else the platform data folder.
    data_dir: Path | None = None
    # Enrolment attempts per minute, per client address and overall (per worker process).
    enrol_per_client_per_min: int = Field(default=10, gt=0)
    enrol_overall_per_min: int = Field(default=60, gt=0)
    # Staff sign-in with the city's OpenID Connect provider; off while oidc_issuer is unset.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = Field(default=None, repr=False)
    # The callback URL registered at the provider; unset: derived from the request.
    oidc_redirect_url: str | None = None
    # Which ID-token claim names the user's groups, and which group gives which role, as JSON
    # in the environment: {"reg-admin": "admin", "reg-drift": "operator"}. The highest wins.
    oidc_role_claim: str = "groups"
    oidc_roles: dict[str, Literal["viewer", "operator", "admin"]] = Field(default_factory=dict)
    # A user in no mapped group is refused unless this names a role for them.
    oidc_default_role: Literal["viewer", "operator", "admin"] | None = None
    # Prometheus metrics at /metrics, with no sign-in: bind it to the internal network.
    metrics_enabled: bool = False
    # Where the age of the last good backup is read for /metrics: the backup job touches it.
    backup_stamp: Path | None = None
    # "text": one line per event with its UTC time; "json": one JSON object per line.
    log_format: Literal["text", "json"] = "text"
    # Monitoring tools read /api/v1/alerts with this bearer token (only its hash is kept).
    monitoring_token: str | None = Field(default=None, repr=False, min_length=20)
    # Rows per page of the OData feed (docs/feed.md); the client follows @odata.nextLink.
    feed_page_size: int = Field(default=10_000, gt=0, le=100_000)
    # Rows of its walk (station, device, period) a records browser page reads at most
    # before it says how far back it searched (services/record_browser.py): its worst cost.
    records_page_reach: int = Field(default=5_000, gt=50, le=1_000_000)

    @field_validator("oidc_roles", mode="before")
    @classmethod
    def _json_roles(cls, value: object) -> object:
        return json.loads(value) if isinstance(value, str) else value

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    # Batch uploads one worker process handles at once adapt to measured latency
    # (central/core/shedding.py) between these bounds; a few more wait in a short queue and
    # the rest get 503 with Retry-After and Retry-After-Ms. The ceiling is the database pool's
    # connections (10 + 10 overflow): each admitted batch holds one.
    min_inflight_batches: int = Field(default=1, gt=0)
    max_inflight_batches: int = Field(default=20, gt=0)
    # The retry hint before central has measured any batch; after that it is central's estimate.
    shed_retry_after_s: float = Field(default=1.0, gt=0)
    # The file in shared memory that `serve --workers N` makes for one admission limit over all
    # its workers (central/core/shared_admission.py); set by serve, not by hand. Unset: the
    # one process admits on its own.
    admission_file: Path | None = None

    # Door-event webhook: integration name -> HMAC secret, from the environment as JSON
    # (KIOSK_CENTRAL_DOOR_SECRETS='{"oslonokkelen": "..."}'), and how old a signature may be.
    door_secrets: dict[str, str] = Field(default_factory=dict, repr=False)
    door_replay_window_s: int = Field(default=300, gt=0)
    # Pickup (weighbridge ticket) webhook: the same, one secret per hauler or plant system
    # (KIOSK_CENTRAL_PICKUP_SECRETS='{"haraldrud": "..."}'); replays bounded by the same window.
    pickup_secrets: dict[str, str] = Field(default_factory=dict, repr=False)
    # A door opening and the registrations up to this many minutes after it make one visit.
    visit_window_min: int = Field(default=15, gt=0)

    @field_validator("door_secrets", "pickup_secrets", mode="before")
    @classmethod
    def _json_secrets(cls, value: object) -> object:
        return json.loads(value) if isinstance(value, str) else value

    @field_validator("door_secrets", "pickup_secrets")
    @classmethod
    def _strong_secrets(cls, value: dict[str, str]) -> dict[str, str]:
        # A short secret can be guessed offline from one signed delivery; refuse to start.
        for name, secret in value.items():
            if (problem := identifier_problem(name)) is not None:
                raise ValueError(f"door integration name {name!r} {problem}")
            if len(secret.encode()) < DOOR_SECRET_MIN_BYTES:
                raise ValueError(
                    f"the door secret of {name!r} is {len(secret.encode())} bytes; it must be at "
                    f"least {DOOR_SECRET_MIN_BYTES} (e.g. `openssl rand -hex 32`, 64 characters)"
                )
        return value

    def resolved_data_dir(self) -> Path:
        if self.data_dir is not None:
            return self.data_dir
        if self.db_url.startswith("sqlite:///"):
            return Path(self.db_url.removeprefix("sqlite:///")).parent
        return default_data_dir()

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> "Settings":
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for name in cls.model_fields:
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is not None and raw != "":
                values[name] = raw
        values.update(overrides)
        return cls.model_validate(values)
