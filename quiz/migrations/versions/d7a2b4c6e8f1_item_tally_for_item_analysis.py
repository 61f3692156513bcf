"""item_tally: running totals for item analysis

Per contest, school, question version and answer pattern: the attempts and the sums the
discrimination index needs (quiz.item_analysis.tallies). Filled here from the finished attempts
with the same grouping the app uses, so an upgraded database shows its history at once.

Revision ID: d7a2b4c6e8f1
Revises: c5e1f0a9d3b2
Create Date: 2026-12-03 13:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd7a2b4c6e8f1'
down_revision = 'c5e1f0a9d3b2'
branch_labels = None
depends_on = None

BACKFILL = """
INSERT INTO item_tally (contest_id, school_id, question_version_id, pattern, is_right, attempts,
                        rest_count, rest_sum, rest_squares)
SELECT contest_id, school_id, version_id, pattern, is_right, count(*), count(rest),
       COALESCE(sum(rest), 0.0), COALESCE(sum(rest * rest), 0.0)
FROM (
    SELECT a.contest_id, s.school_id, ai.question_version_id AS version_id,
           COALESCE(replace(replace(replace(CAST(ans.chosen AS TEXT), '[', ''), ']', ''), ' ', ''),
                    '') AS pattern,
           COALESCE(ans.is_correct, false) AS is_right,
           CASE WHEN a.max_score - ai.points > 0 THEN
               CAST(a.score - CASE WHEN ans.is_correct THEN ai.points ELSE 0 END AS FLOAT)
               / CAST(a.max_score - ai.points AS FLOAT) END AS rest
    FROM attempt_item ai
    JOIN attempt a ON a.id = ai.attempt_id AND a.finished_at IS NOT NULL
                      AND a.score IS NOT NULL
    JOIN student s ON s.id = a.student_id
    LEFT JOIN answer ans ON ans.attempt_id = ai.attempt_id AND ans.position = ai.position
) AS items
GROUP BY contest_id, school_id, version_id, pattern, is_right
"""


def upgrade():
    op.create_table('item_tally',
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('question_version_id', sa.Integer(), nullable=False),
    sa.Column('pattern', sa.String(length=40), nullable=False),
    sa.Column('is_right', sa.Boolean(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('rest_count', sa.Integer(), nullable=False),
    sa.Column('rest_sum', sa.Float(), nullable=False),
    sa.Column('rest_squares', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contest_id', 'school_id', 'question_version_id', 'pattern')
    )
    with op.batch_alter_table('item_tally', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_tally_question_version_id'),
                              ['question_version_id'], unique=False)
    op.execute(BACKFILL)


def downgrade():
    with op.batch_alter_table('item_tally', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_tally_question_version_id'))
    op.drop_table('item_tally')
