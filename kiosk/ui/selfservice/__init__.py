"""Resident self-service: attract screen, then category, amount, summary and thank-you steps."""
