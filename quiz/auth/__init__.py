"""Login and logout for staff and students."""
