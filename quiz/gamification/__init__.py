"""XP, levels, badges, streaks, mastery and the teachers' mastery heat map."""
