"""Opening hours in Oslo time: central's published hours (contract.hours), evaluated here.

The kiosk's settings file holds a plain weekly pattern (the pilot's by default), used until
central has sent the station's hours; after that the last hours received are kept offline.
"""

from contract.hours import OSLO, WEEKDAYS, OutsideHours, StationHours, Status, parse_hours

__all__ = ["OSLO", "PILOT_HOURS", "WEEKDAYS", "OpeningHours", "OutsideHours", "Status"]
__all__ += ["parse_hours"]

OpeningHours = StationHours

# The Trosterud pilot's published hours.
PILOT_HOURS: dict[str, str] = {
    "mon": "11:00-16:00",
    "tue": "",
    "wed": "11:00-16:00",
    "thu": "11:00-18:00",
    "fri": "11:00-16:00",
    "sat": "",
    "sun": "",
}
