"""The closed vocabularies a deposit is made of, as declared once in ``contract.records``.

Re-exported so the kiosk's many importers need not change while other branches touch them.
"""

from contract.records import Channel, ClockFlag, Direction, Kind, WeightSource

__all__ = ["Channel", "ClockFlag", "Direction", "Kind", "WeightSource"]
