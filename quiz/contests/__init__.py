"""Timed contests."""
