"""Leaderboards: ranking rules and the boards built from them."""
