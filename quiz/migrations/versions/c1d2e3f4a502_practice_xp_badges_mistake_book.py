"""practice, xp, badges and the mistake book

Revision ID: c1d2e3f4a502
Revises: c1d2e3f4a501
Create Date: 2026-11-25 15:45:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401
import quiz.models.types  # noqa: F401  (custom column types render as quiz.models.types.X)


# revision identifiers, used by Alembic.
revision = 'c1d2e3f4a502'
down_revision = 'c1d2e3f4a501'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
