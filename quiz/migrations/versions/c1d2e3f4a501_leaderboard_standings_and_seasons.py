"""leaderboard standings and seasons

Revision ID: c1d2e3f4a501
Revises: e65185a2d807
Create Date: 2026-11-25 15:45:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401
import quiz.models.types  # noqa: F401  (custom column types render as quiz.models.types.X)


# revision identifiers, used by Alembic.
revision = 'c1d2e3f4a501'
down_revision = 'e65185a2d807'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('season',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('created_at', quiz.models.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_season_ends_after_starts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_season')),
    sa.UniqueConstraint('name', name=op.f('uq_season_name'))
    )
    for table, board in (('contest_standing', 'contest_id'), ('season_standing', 'season_id')):
        extra = ([sa.Column('attempt_id', sa.Integer(), nullable=False),
                  sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], ondelete='CASCADE',
                                          name=op.f('fk_contest_standing_attempt_id_attempt'))]
                 if board == 'contest_id' else
                 [sa.Column('contests', sa.Integer(), nullable=False)])
        parent = board.removesuffix('_id')
        op.create_table(table,
            *_standing_columns(),
            sa.Column(board, sa.Integer(), nullable=False),
            *extra,
            sa.ForeignKeyConstraint([board], [f'{parent}.id'], ondelete='CASCADE',
                                    name=op.f(f'fk_{table}_{board}_{parent}')),
            sa.ForeignKeyConstraint(['student_id'], ['student.id'],
                                    name=op.f(f'fk_{table}_student_id_student')),
            sa.PrimaryKeyConstraint('student_id', board, name=op.f(f'pk_{table}')),
        )
        order = ['minus_score', 'time_used_seconds', 'finished_at', 'student_id']
        op.create_index(f'ix_{table}_city', table, [board, *order])
        op.create_index(f'ix_{table}_division', table, [board, 'level', *order])
        op.create_index(f'ix_{table}_district', table, [board, 'district_id', 'level', *order])
        op.create_index(f'ix_{table}_school', table, [board, 'school_id', *order])
        op.create_index(f'ix_{table}_class', table, [board, 'class_id', *order])
    op.create_table('group_total',
    sa.Column('board', sa.String(length=10), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=True),
    sa.Column('enrolled', sa.Integer(), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('score_sum', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('board', 'board_id', 'kind', 'group_id', name=op.f('pk_group_total'))
    )
    op.create_index('ix_group_total_school', 'group_total', ['board', 'board_id', 'kind', 'school_id'])
    op.create_index('ix_group_total_district', 'group_total', ['board', 'board_id', 'kind', 'district_id'])


def _standing_columns():
    return [
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('minus_score', sa.Integer(), nullable=False),
    sa.Column('time_used_seconds', sa.Integer(), nullable=False),
    sa.Column('finished_at', quiz.models.types.UTCDateTime(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    ]


def downgrade():
    op.drop_table('group_total')
    op.drop_table('season_standing')
    op.drop_table('contest_standing')
    op.drop_table('season')
