"""Registration kiosk for Oslo's mini recycling stations (minigjenbruksstasjon)."""

NAME = "minigjenbruk-kiosk"
APP_NAME = "Minigjenbruk"
__version__ = "0.1.0"
