"""Leaderboard aggregates and seasons (filled in by the leaderboard work)."""
