"""A student's progress pages (profile, home card) and the staff's mastery heat maps.

They read from both gamification (XP, badges, mistake book, accuracy) and practice (the day's
每日一练, which scam types a student can practise), so they live above both: neither of those
packages imports this one.
"""
