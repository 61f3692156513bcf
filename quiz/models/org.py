"""The organisation: districts, schools, classes, students and staff."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.i18n import _
from quiz.models.types import UTCDateTime, utcnow
from quiz.passwords import hash_password, verify_password


class SchoolLevel(enum.StrEnum):
    PRIMARY = "primary"
    JUNIOR = "junior"
    SENIOR = "senior"
    VOCATIONAL = "vocational"
    COLLEGE = "college"


class Role(enum.StrEnum):
    BUREAU_ADMIN = "bureau_admin"
    SCHOOL_ADMIN = "school_admin"
    TEACHER = "teacher"
    STUDENT = "student"


class PasswordMixin:
    password_hash: Mapped[str]
    is_student_account = False

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password, for_student=self.is_student_account)

    def check_password(self, password: str) -> bool:
        return verify_password(self.password_hash, password)


class District(db.Model):
    __tablename__ = "district"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)

    schools: Mapped[list[School]] = relationship(back_populates="district", order_by="School.code")

    def __repr__(self) -> str:
        return f"<District {self.name}>"


class School(db.Model):
    __tablename__ = "school"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(20))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    # Outside a student's own class names are masked; a school may turn that off for its pages.
    mask_names: Mapped[bool] = mapped_column(Boolean, default=True)

    district: Mapped[District] = relationship(back_populates="schools")
    classes: Mapped[list[SchoolClass]] = relationship(
        back_populates="school", order_by="(SchoolClass.grade, SchoolClass.name)"
    )

    def __repr__(self) -> str:
        return f"<School {self.code}>"


teacher_class = Table(
    "teacher_class",
    db.metadata,
    Column("staff_id", ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True),
    Column("class_id", ForeignKey("school_class.id", ondelete="CASCADE"), primary_key=True),
)


class SchoolClass(db.Model):
    __tablename__ = "school_class"
    __table_args__ = (UniqueConstraint("school_id", "grade", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    grade: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(50))

    school: Mapped[School] = relationship(back_populates="classes")
    students: Mapped[list[Student]] = relationship(
        back_populates="school_class", order_by="Student.student_no"
    )
    teachers: Mapped[list[StaffUser]] = relationship(
        secondary=teacher_class, back_populates="classes"
    )

    @property
    def label(self) -> str:
        """The class as people write it, e.g. 「7年级 2班」."""
        return _("%(grade)s年级 %(name)s", grade=self.grade, name=self.name)

    def __repr__(self) -> str:
        return f"<SchoolClass {self.school_id}/{self.grade}/{self.name}>"


class Student(PasswordMixin, UserMixin, db.Model):
    """A student. Minors: we keep name, student number and class, nothing more."""

    __tablename__ = "student"
    __table_args__ = (UniqueConstraint("school_id", "student_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id"), index=True)
    student_no: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the login id: bumping it ends every session, remember cookie and API token.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Set by an import, a reset or login slips: the first login goes to the change page.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=sa_false())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    school: Mapped[School] = relationship()
    school_class: Mapped[SchoolClass] = relationship(back_populates="students")

    role = Role.STUDENT
    is_student_account = True

    def get_id(self) -> str:
        # The login id quiz.auth.ids parses: kind, row id, session version.
        return f"student:{self.id}:{self.session_version or 0}"

    @property
    def is_active(self) -> bool:
        return self.active

    def __repr__(self) -> str:
        return f"<Student {self.school_id}/{self.student_no}>"


class StaffUser(PasswordMixin, UserMixin, db.Model):
    """A bureau admin, school admin or teacher."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(20))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the login id: bumping it ends every session, remember cookie and API token.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Set by an import, a reset or login slips: the first login goes to the change page.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=sa_false())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    school: Mapped[School | None] = relationship()
    classes: Mapped[list[SchoolClass]] = relationship(
        secondary=teacher_class, back_populates="teachers",
        order_by="(SchoolClass.grade, SchoolClass.name)",
    )

    def get_id(self) -> str:
        return f"staff:{self.id}:{self.session_version or 0}"

    @property
    def is_active(self) -> bool:
        return self.active

    def __repr__(self) -> str:
        return f"<StaffUser {self.username} {self.role}>"
