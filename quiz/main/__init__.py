"""Home pages for students and staff."""
