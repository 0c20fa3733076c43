"""Central's domain services, one module per concern; keyword-only, raising ``central.errors``."""
