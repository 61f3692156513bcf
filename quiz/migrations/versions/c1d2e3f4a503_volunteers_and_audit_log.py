"""volunteer teams, activities and the audit log

Revision ID: c1d2e3f4a503
Revises: c1d2e3f4a502
Create Date: 2026-11-25 15:45:00

"""
from alembic import op
import sqlalchemy as sa
import quiz.models.types  # noqa: F401  (custom column types render as quiz.models.types.X)


# revision identifiers, used by Alembic.
revision = 'c1d2e3f4a503'
down_revision = 'c1d2e3f4a502'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('volunteer_team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('created_at', quiz.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_volunteer_team_school_id_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_team')),
    sa.UniqueConstraint('school_id', name=op.f('uq_volunteer_team_school_id'))
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', quiz.models.types.UTCDateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['staff_user.id'], name=op.f('fk_audit_entry_actor_id_staff_user')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_audit_entry_school_id_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_school_id'), ['school_id'], unique=False)

    op.create_table('team_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_at', quiz.models.types.UTCDateTime(), nullable=False),
    sa.Column('decided_at', quiz.models.types.UTCDateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff_user.id'], name=op.f('fk_team_member_decided_by_id_staff_user')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_team_member_student_id_student')),
    sa.ForeignKeyConstraint(['team_id'], ['volunteer_team.id'], name=op.f('fk_team_member_team_id_volunteer_team'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_member')),
    sa.UniqueConstraint('team_id', 'student_id', name=op.f('uq_team_member_team_id_student_id'))
    )
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_member_student_id'), ['student_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_member_team_id'), ['team_id'], unique=False)

    op.create_table('volunteer_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=100), nullable=False),
    sa.Column('hours', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('people_reached', sa.Integer(), nullable=False),
    sa.Column('app_installs', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reject_reason', sa.String(length=200), nullable=True),
    sa.Column('logged_by_student_id', sa.Integer(), nullable=True),
    sa.Column('logged_by_staff_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', quiz.models.types.UTCDateTime(), nullable=True),
    sa.Column('created_at', quiz.models.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', quiz.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['logged_by_staff_id'], ['staff_user.id'], name=op.f('fk_volunteer_activity_logged_by_staff_id_staff_user')),
    sa.ForeignKeyConstraint(['logged_by_student_id'], ['student.id'], name=op.f('fk_volunteer_activity_logged_by_student_id_student')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['staff_user.id'], name=op.f('fk_volunteer_activity_reviewed_by_id_staff_user')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_volunteer_activity_school_id_school')),
    sa.ForeignKeyConstraint(['team_id'], ['volunteer_team.id'], name=op.f('fk_volunteer_activity_team_id_volunteer_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_activity'))
    )
    with op.batch_alter_table('volunteer_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_activity_logged_by_student_id'), ['logged_by_student_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_activity_school_id'), ['school_id'], unique=False)
        batch_op.create_index('ix_volunteer_activity_school_status_date', ['school_id', 'status', 'occurred_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_activity_team_id'), ['team_id'], unique=False)

    op.create_table('volunteer_activity_participant',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['volunteer_activity.id'], name=op.f('fk_volunteer_activity_participant_activity_id_volunteer_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_volunteer_activity_participant_student_id_student')),
    sa.PrimaryKeyConstraint('activity_id', 'student_id', name=op.f('pk_volunteer_activity_participant'))
    )
    with op.batch_alter_table('volunteer_activity_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_activity_participant_student_id'), ['student_id'], unique=False)


def downgrade():
    with op.batch_alter_table('volunteer_activity_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_activity_participant_student_id'))

    op.drop_table('volunteer_activity_participant')
    with op.batch_alter_table('volunteer_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_activity_team_id'))
        batch_op.drop_index('ix_volunteer_activity_school_status_date')
        batch_op.drop_index(batch_op.f('ix_volunteer_activity_school_id'))
        batch_op.drop_index(batch_op.f('ix_volunteer_activity_logged_by_student_id'))

    op.drop_table('volunteer_activity')
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_member_team_id'))
        batch_op.drop_index(batch_op.f('ix_team_member_student_id'))

    op.drop_table('team_member')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_school_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_action'))

    op.drop_table('audit_entry')
    op.drop_table('volunteer_team')
