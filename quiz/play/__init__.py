"""Students taking contests in the browser."""
