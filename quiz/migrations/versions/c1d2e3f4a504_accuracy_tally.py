"""accuracy per contest, school and scam type, kept on finish

Revision ID: c1d2e3f4a504
Revises: c1d2e3f4a503
Create Date: 2026-11-25 17:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1d2e3f4a504'
down_revision = 'c1d2e3f4a503'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('accuracy_tally',
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('scam_type_id', sa.Integer(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('correct', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], ondelete='CASCADE',
                            name=op.f('fk_accuracy_tally_contest_id_contest')),
    sa.PrimaryKeyConstraint('contest_id', 'school_id', 'scam_type_id',
                            name=op.f('pk_accuracy_tally'))
    )
    # Existing results: the totals of every finished attempt so far (as rebuild_accuracy_tallies).
    op.execute("""
        INSERT INTO accuracy_tally (contest_id, school_id, scam_type_id, answered, correct)
        SELECT attempt.contest_id, student.school_id, question.scam_type_id, count(*),
               sum(CASE WHEN answer.is_correct THEN 1 ELSE 0 END)
        FROM answer
        JOIN attempt ON attempt.id = answer.attempt_id
        JOIN attempt_item ON attempt_item.attempt_id = answer.attempt_id
                         AND attempt_item.position = answer.position
        JOIN question_version ON question_version.id = attempt_item.question_version_id
        JOIN question ON question.id = question_version.question_id
        JOIN student ON student.id = attempt.student_id
        WHERE attempt.finished_at IS NOT NULL
        GROUP BY attempt.contest_id, student.school_id, question.scam_type_id
    """)


def downgrade():
    op.drop_table('accuracy_tally')
