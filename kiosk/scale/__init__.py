"""Weighing-scale drivers. No Qt."""
