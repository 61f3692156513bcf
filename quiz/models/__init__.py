"""Database models, split by aggregate."""

from quiz.models.accuracy import AccuracyTally
from quiz.models.api_tokens import ApiToken
from quiz.models.audit import AuditEntry
from quiz.models.banks import Question, QuestionReport, QuestionVersion, ReportReason, ScamType
from quiz.models.contests import (
    Answer,
    Attempt,
    AttemptItem,
    Contest,
    ContestClass,
    ContestPaperItem,
    ContestSchool,
    ExtraTime,
    PaperMode,
    RevealPolicy,
)
from quiz.models.org import (
    District,
    Role,
    School,
    SchoolClass,
    SchoolLevel,
    StaffUser,
    Student,
    teacher_class,
)
from quiz.models.types import UTCDateTime, utcnow

__all__ = [
    "AccuracyTally", "Answer", "ApiToken", "AuditEntry", "Attempt", "AttemptItem", "Contest",
    "ContestClass", "ContestPaperItem", "ContestSchool", "ExtraTime", "PaperMode", "RevealPolicy",
    "District", "Question", "QuestionReport", "QuestionVersion", "ReportReason", "Role",
    "ScamType", "School", "SchoolClass",
    "SchoolLevel", "StaffUser", "Student", "UTCDateTime", "teacher_class", "utcnow",
]

# Feature aggregates register their tables with the metadata by being imported here.
from quiz.models import gamification, item_tallies, standings, volunteers  # noqa: E402, F401
from quiz.models.standings import Season  # noqa: E402, F401
