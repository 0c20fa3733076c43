"""The sync and export contract that the kiosk and central both build to, declared once.

Pure standard library: no Qt, no SQL, no pydantic, so either program (and its tests) can
import it without pulling in the other's stack.
"""

# 1: records without a "type" (the first release). 2: every record names its type, so
# further record types can travel in the same batches. 3: an event's ``audience`` (public or
# internal) and the ``reuse_partner`` material flow. See contract.wire.upgrade_record.
# 4: the ``feedback`` record type (a resident's one-tap answer on the thank-you screen).
# 5: the ``pickup`` record type (a container's net weight from the weighbridge ticket).
CONTRACT_VERSION = 5
