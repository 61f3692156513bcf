"""Staff pages for schools, classes and students."""
