"""The JSON API under /api/v1 (DESIGN.md §3.2)."""
