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


def downgrade():
    op.drop_table('season')
