"""Practice, daily practice, XP, badges and the mistake book (filled in by that work)."""
