"""Leaderboard pages: a student's class, school and city place; staff and bureau boards; the
projector; seasons. The rows come from quiz.rankings.boards."""
