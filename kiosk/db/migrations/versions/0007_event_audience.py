"""Contract version 3 on the kiosk: an event's audience and the ``reuse_partner`` flow.

An event's audience is public (innbyggerrettet) or internal: a plain ADD COLUMN on
``events`` and ``event_opens`` (batch mode would copy the tables and drop their append-only
triggers); the events' no-update trigger is made again so it covers the new column. Events
already held keep NULL, which means the default by kind (a course internal, every other kind
public) on the wire and in the totals.

``material_flows``' CHECK on ``flow`` gains 'reuse_partner'. Rebuilding the table would drop
its triggers and trip the other tables' seq triggers that name it, so the CHECK's text is
edited in place, as SQLite documents for a constraint that only loosens (no row can break
it): writable_schema, then a new schema_version so every connection reads it again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_FROZEN = (
    "id", "seq", "device_id", "station_id", "recorded_at", "kind", "starts_at", "ends_at",
    "place", "participants", "visitors", "reuse_g", "reverses",
)  # fmt: skip
_MESSAGE = "events are append-only: write a reversal instead"
_CHECK = "CHECK (audience IN ('public','internal'))"


_FLOWS_OLD = "flow IN ('activity_reuse','business_waste')"
_FLOWS_NEW = "flow IN ('activity_reuse','business_waste','reuse_partner')"


def _flows_check(old: str, new: str) -> None:
    bind = op.get_bind()
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    op.execute("PRAGMA writable_schema = ON")
    bind.execute(
        sa.text(
            "UPDATE sqlite_master SET sql = replace(sql, :old, :new) "
            "WHERE type = 'table' AND name = 'material_flows'"
        ),
        {"old": old, "new": new},
    )
    op.execute("PRAGMA writable_schema = OFF")
    op.execute(f"PRAGMA schema_version = {int(version) + 1}")


def _no_update(columns: tuple[str, ...]) -> None:
    op.execute("DROP TRIGGER events_no_update")
    op.execute(
        f"CREATE TRIGGER events_no_update BEFORE UPDATE OF {', '.join(columns)} ON events "
        f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
    )


def upgrade() -> None:
    op.execute(f"ALTER TABLE events ADD COLUMN audience VARCHAR(32) {_CHECK}")
    op.execute(f"ALTER TABLE event_opens ADD COLUMN audience VARCHAR(32) {_CHECK}")
    _no_update((*_FROZEN, "audience"))
    _flows_check(_FLOWS_OLD, _FLOWS_NEW)


def downgrade() -> None:
    _flows_check(_FLOWS_NEW, _FLOWS_OLD)
    _no_update(_FROZEN)
    op.drop_column("event_opens", "audience")
    op.drop_column("events", "audience")
