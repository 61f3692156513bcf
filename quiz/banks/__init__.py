"""Question banks: the YAML bank format, its validation and the question types."""
