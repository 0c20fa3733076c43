"""A power-loss simulator for the kiosk's data folder (see README.md beside this file)."""
