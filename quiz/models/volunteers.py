"""Volunteer teams, activities and the audit log (filled in by that work)."""
