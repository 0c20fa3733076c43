"""Central's domain services, split by concern; they raise domain errors, never HTTP ones."""
