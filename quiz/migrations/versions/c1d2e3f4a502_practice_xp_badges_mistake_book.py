"""practice, xp, badges and the mistake book

Revision ID: c1d2e3f4a502
Revises: c1d2e3f4a501
Create Date: 2026-11-25 15:45:00

"""
from alembic import op
import sqlalchemy as sa
import quiz.models.types  # noqa: F401  (custom column types render as quiz.models.types.X)


# revision identifiers, used by Alembic.
revision = 'c1d2e3f4a502'
down_revision = 'c1d2e3f4a501'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('practice_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('question_version_id', sa.Integer(), nullable=False),
    sa.Column('scam_type_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('seed', sa.String(length=32), nullable=False),
    sa.Column('shown_at', quiz.models.types.UTCDateTime(), nullable=False),
    sa.Column('chosen', sa.JSON(), nullable=True),
    sa.Column('is_correct', sa.Boolean(), nullable=True),
    sa.Column('answered_at', quiz.models.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_practice_answer_question_id_question')),
    sa.ForeignKeyConstraint(['question_version_id'], ['question_version.id'], name=op.f('fk_practice_answer_question_version_id_question_version')),
    sa.ForeignKeyConstraint(['scam_type_id'], ['scam_type.id'], name=op.f('fk_practice_answer_scam_type_id_scam_type')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_practice_answer_student_id_student')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_answer'))
    )
    with op.batch_alter_table('practice_answer', schema=None) as batch_op:
        batch_op.create_index('ix_practice_answer_student_answered', ['student_id', 'answered_at'], unique=False)
        batch_op.create_index('ix_practice_answer_student_question', ['student_id', 'question_id'], unique=False)

    op.create_table('mistake_book',
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('scam_type_id', sa.Integer(), nullable=False),
    sa.Column('wrong_count', sa.Integer(), nullable=False),
    sa.Column('right_in_a_row', sa.Integer(), nullable=False),
    sa.Column('first_wrong_at', quiz.models.types.UTCDateTime(), nullable=False),
    sa.Column('last_wrong_at', quiz.models.types.UTCDateTime(), nullable=False),
    sa.Column('cleared_at', quiz.models.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_mistake_book_question_id_question')),
    sa.ForeignKeyConstraint(['scam_type_id'], ['scam_type.id'], name=op.f('fk_mistake_book_scam_type_id_scam_type')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_mistake_book_student_id_student')),
    sa.PrimaryKeyConstraint('student_id', 'question_id', name=op.f('pk_mistake_book'))
    )

    op.create_table('xp_ledger',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('source_ref', sa.String(length=64), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('created_at', quiz.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_xp_ledger_student_id_student')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xp_ledger')),
    sa.UniqueConstraint('student_id', 'reason', 'source_ref', name=op.f('uq_xp_ledger_student_id_reason_source_ref'))
    )
    with op.batch_alter_table('xp_ledger', schema=None) as batch_op:
        batch_op.create_index('ix_xp_ledger_student_day', ['student_id', 'local_date'], unique=False)

    op.create_table('student_badge',
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('badge_code', sa.String(length=40), nullable=False),
    sa.Column('awarded_at', quiz.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_student_badge_student_id_student')),
    sa.PrimaryKeyConstraint('student_id', 'badge_code', name=op.f('pk_student_badge'))
    )

    op.create_table('daily_set',
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('question_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', quiz.models.types.UTCDateTime(), nullable=False),
    sa.Column('done_at', quiz.models.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_daily_set_student_id_student')),
    sa.PrimaryKeyConstraint('student_id', 'local_date', name=op.f('pk_daily_set'))
    )


def downgrade():
    op.drop_table('daily_set')
    op.drop_table('student_badge')
    with op.batch_alter_table('xp_ledger', schema=None) as batch_op:
        batch_op.drop_index('ix_xp_ledger_student_day')
    op.drop_table('xp_ledger')
    op.drop_table('mistake_book')
    with op.batch_alter_table('practice_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_practice_answer_student_question')
        batch_op.drop_index('ix_practice_answer_student_answered')
    op.drop_table('practice_answer')
