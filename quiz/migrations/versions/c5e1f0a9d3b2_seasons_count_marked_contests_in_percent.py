"""seasons count only marked contests, in percentages

Adds contest.counts_in_season (the bureau marks which contests count in a season) and
contest_standing.season_points (the best attempt's share of its paper's maximum, 0-100). Existing
city-wide contests keep counting, as they are the bureau's own; every other contest stops
counting until the bureau marks it. Season standings are derived data: this revision empties
them, and `flask --app quiz leaderboards rebuild` (README, "Upgrading") makes them again with
the new rule.

Revision ID: c5e1f0a9d3b2
Revises: a2a340e24656
Create Date: 2026-12-03 13:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c5e1f0a9d3b2'
down_revision = 'a2a340e24656'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contest') as batch_op:
        batch_op.add_column(sa.Column('counts_in_season', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('contest_standing') as batch_op:
        batch_op.add_column(sa.Column('season_points', sa.Integer(), nullable=False,
                                      server_default='0'))
    op.execute("UPDATE contest SET counts_in_season = city_wide")
    op.execute(
        "UPDATE contest_standing SET season_points = COALESCE((SELECT CASE WHEN a.max_score > 0"
        " THEN (a.score * 200 + a.max_score) / (2 * a.max_score) ELSE 0 END"
        " FROM attempt a WHERE a.id = contest_standing.attempt_id), 0)")
    op.execute("DELETE FROM season_standing")
    op.execute("DELETE FROM group_total WHERE board = 'season'")


def downgrade():
    with op.batch_alter_table('contest_standing') as batch_op:
        batch_op.drop_column('season_points')
    with op.batch_alter_table('contest') as batch_op:
        batch_op.drop_column('counts_in_season')
