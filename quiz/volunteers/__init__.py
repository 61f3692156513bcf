"""Student volunteer teams (学生反诈志愿者队伍): membership, activity log, tallies, boards."""
