"""Central's HTTP API: app factory, dependencies and routes."""
