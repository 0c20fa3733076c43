"""Pure rules: catalogue, weights, validation, opening hours. No Qt, no SQL."""
