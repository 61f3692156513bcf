"""accounts: session version and must-change-password flag on students and staff

`session_version` is part of the login id (quiz.auth.ids): bumping it ends every session,
remember cookie and API token made before. `must_change_password` sends an account whose
password someone else knows (imported, reset, printed on a slip) to the change page first.
Existing rows get version 0 and no flag: their holders log in once more (the old two-part
login ids no longer load), and nobody is forced to change a password chosen before this.

Revision ID: 5d1e7c0a9b42
Revises: d7a2b4c6e8f1
Create Date: 2026-12-03 13:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d1e7c0a9b42'
down_revision = 'd7a2b4c6e8f1'
branch_labels = None
depends_on = None

TABLES = ('student', 'staff_user')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0',
                                          nullable=False))
            batch_op.add_column(sa.Column('must_change_password', sa.Boolean(),
                                          server_default=sa.false(), nullable=False))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('must_change_password')
            batch_op.drop_column('session_version')
