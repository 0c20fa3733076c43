"""REG central receiving service (FastAPI)."""
