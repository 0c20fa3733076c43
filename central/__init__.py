"""REG central receiving service (FastAPI)."""

from importlib.metadata import PackageNotFoundError, version

# One version for the whole distribution (kiosk/__init__.py's __version__, read by
# pyproject.toml and build.spec); central reads it from the installed package's metadata,
# since central never imports the kiosk.
try:
    __version__ = version("minigjenbruk-kiosk")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
