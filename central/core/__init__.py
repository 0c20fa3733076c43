"""Central's configuration and low-level helpers (settings, token hashing)."""
