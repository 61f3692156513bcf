"""Request and response bodies of the API.

These pydantic models are the single description of the API's data: requests are validated
with them (strictly: a string where a number belongs is an error, unknown fields are errors)
and /api/v1/openapi.json is generated from them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from quiz.banks.question_types import QUESTION_TYPES
from quiz.contests.rules.scoring import MAX_POINTS, MIN_POINTS
from quiz.date_bounds import FIRST_YEAR, LAST_YEAR, check_datetime

Text100 = Annotated[str, Field(min_length=1, max_length=100)]
# A time a client sends: with its offset, in the years the app allows (so 9999-12-31T23:59-12:00,
# year 10000 in UTC, is a 422 on its field, not an OverflowError).
InputDatetime = Annotated[AwareDatetime, AfterValidator(check_datetime), Field(
    description=f"ISO 8601 with offset, years {FIRST_YEAR}–{LAST_YEAR}",
    json_schema_extra={"x-year-range": [FIRST_YEAR, LAST_YEAR]})]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class TokenRequest(Body):
    school: Annotated[str, Field(max_length=20)] | None = Field(
        None, description="School code for a student; null for staff.")
    username: Annotated[str, Field(min_length=1, max_length=64)] = Field(
        description="Student number for a student, username for staff.")
    password: Annotated[str, Field(min_length=1, max_length=128)]


class UserOut(BaseModel):
    role: Literal["bureau_admin", "school_admin", "teacher", "student"]
    name: str
    school: str | None = Field(None, description="School code")


class TokenOut(BaseModel):
    token: str
    expires_at: AwareDatetime
    user: UserOut


class ScopeBody(Body):
    schools: list[Annotated[str, Field(min_length=1, max_length=20)]] = Field(
        default_factory=list, description="School codes")
    grades: list[Annotated[int, Field(ge=1, le=12)]] = Field(default_factory=list)
    classes: list[int] = Field(default_factory=list, description="Class ids")
    city: bool = Field(False, description="The whole city (bureau admins only)")


class DrawRuleBody(Body):
    scam_type: Annotated[str, Field(min_length=1, max_length=64)]
    count: Annotated[int, Field(ge=1, le=100)]
    difficulty: list[Literal[1, 2, 3]] = Field(default_factory=lambda: [1, 2, 3], min_length=1)


Points = Annotated[int, Field(ge=MIN_POINTS, le=MAX_POINTS)]


class ContestBody(Body):
    title: Text100
    description: Annotated[str, Field(max_length=2000)] = ""
    scope: ScopeBody
    opens_at: InputDatetime
    closes_at: InputDatetime
    duration_seconds: Annotated[int, Field(ge=60, le=10800)]
    draw: Annotated[list[DrawRuleBody], Field(min_length=1, max_length=20)]
    paper: Literal["shared", "per_student"] = "shared"
    shuffle_options: bool = True
    max_attempts: Annotated[int, Field(ge=1, le=10)] = 1
    reveal: Literal["after_finish", "after_close"] = "after_finish"
    points: dict[Literal["1", "2", "3"], Points] = Field(
        default_factory=lambda: {"1": 5, "2": 10, "3": 15})
    counts_in_season: bool = Field(False, description="Counts in its season's board (bureau only)")


class CreatedOut(BaseModel):
    id: int
    join_code: str


class ContestOut(BaseModel):
    id: int
    title: str
    description: str
    join_code: str
    opens_at: AwareDatetime
    closes_at: AwareDatetime
    duration_seconds: int
    max_attempts: int
    attempts_left: int | None = Field(None, description="For a student")
    is_open: bool


class ContestList(BaseModel):
    contests: list[ContestOut]


class OptionOut(BaseModel):
    key: str = Field(description="Opaque per attempt; answer with these keys")
    text: str


class DialogueTurn(BaseModel):
    sender: str = Field(alias="from", serialization_alias="from")
    text: str

    model_config = ConfigDict(populate_by_name=True)


# The registered question types' codes, read when this module is imported (the registry is
# filled as its module loads), so the OpenAPI document lists them as an enum.
QuestionTypeCode = Literal[tuple(QUESTION_TYPES)]  # type: ignore[valid-type]


class QuestionOut(BaseModel):
    id: int = Field(description="The question's place in this attempt, 1-based")
    type: QuestionTypeCode
    stem: str
    dialogue: list[DialogueTurn] = Field(default_factory=list)
    options: list[OptionOut]
    points: int


class AttemptOut(BaseModel):
    id: int
    contest_id: int
    deadline: AwareDatetime
    remaining_seconds: int
    finished: bool
    questions: list[QuestionOut]
    answers: dict[str, list[str]] = Field(
        default_factory=dict, description="Saved answers by question id, as option keys")


class AnswerBody(Body):
    answer: Annotated[list[Annotated[str, Field(min_length=1, max_length=32)]],
                      Field(min_length=1, max_length=6)]


class SavedOut(BaseModel):
    saved: bool
    question_id: int
    remaining_seconds: int


class ReviewItem(BaseModel):
    question_id: int
    correct: bool
    your_answer: list[str]
    correct_answer: list[str]
    explanation: str


class ResultOut(BaseModel):
    score: int
    max_score: int
    correct: int
    total: int
    time_used_seconds: int
    review: list[ReviewItem] = Field(
        default_factory=list, description="Empty until the reveal policy allows it")
    review_available_at: AwareDatetime | None = None


class StudentResultOut(BaseModel):
    school: str
    class_: str = Field(alias="class", serialization_alias="class")
    student_no: str
    name: str
    state: Literal["not_started", "answering", "finished"]
    score: int | None = None
    max_score: int | None = None
    correct: int | None = None
    total: int | None = None
    time_used_seconds: int | None = None
    finished_at: AwareDatetime | None = None

    model_config = ConfigDict(populate_by_name=True)


class ClassResultOut(BaseModel):
    school: str
    class_: str = Field(alias="class", serialization_alias="class")
    enrolled: int
    finished: int
    answering: int
    not_started: int
    mean_score: float | None = Field(
        None, description="Mean best score over enrolled students, non-participants counting 0")

    model_config = ConfigDict(populate_by_name=True)


class ContestResultsOut(BaseModel):
    contest_id: int
    students: list[StudentResultOut] = Field(
        description="Enrolled students of the classes the caller may see by name; best attempt "
        "(none for the bureau, which sees counts only)")
    classes: list[ClassResultOut] = Field(
        default_factory=list, description="Counts per class the caller's view covers")


class BoardRow(BaseModel):
    rank: int
    name: str | None = Field(None, description="Masked outside the viewer's own class; a "
                             "class, school or district name on group levels")
    class_: str | None = Field(None, alias="class", serialization_alias="class")
    school: str | None = Field(None, description="None on the district level")
    score: float = Field(description="Points (student level) or the mean best score over "
                         "enrolled students, non-participants counting 0 (group levels)")
    time_used_seconds: int | None = None
    participation_rate: float | None = None
    me: bool = Field(False, description="The caller's own row (student level)")

    model_config = ConfigDict(populate_by_name=True)


class BoardOut(BaseModel):
    contest_id: int | None = None
    season_id: int | None = None
    level: Literal["student", "class", "school", "district"]
    division: str | None = Field(None, description="The school level a city or district board "
                                 "is limited to; None for every level")
    rows: list[BoardRow]
    mine: list[BoardRow] = Field(default_factory=list, description="A student caller's own row "
                                 "with up to two rows above and below (student level)")
    total: int | None = Field(None, description="Students on the board (student level)")


class SeasonOut(BaseModel):
    id: int
    name: str
    starts_on: date
    ends_on: date


class SeasonCountBody(Body):
    counts: bool


class SeasonCountOut(BaseModel):
    season_id: int
    contest_id: int
    counts_in_season: bool


class SeasonList(BaseModel):
    seasons: list[SeasonOut]


class ReportBody(Body):
    question_id: int = Field(description="The question's place in the attempt")
    reason: Literal["wrong_answer", "unclear", "outdated", "other"]
    text: Annotated[str, Field(max_length=500)] = ""


class ReportOut(BaseModel):
    id: int


class ErrorDetail(BaseModel):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


class ErrorOut(BaseModel):
    error: ErrorDetail


class ItemStatsOut(BaseModel):
    """One question version's item analysis (quiz.item_analysis)."""

    question: str
    version: int
    scam_type: str
    difficulty: int
    attempts: int
    right: int
    blanks: int
    facility: float | None
    discrimination: float | None
    options: list[int] = Field(description="how often each option was chosen, in bank order")
    answer: list[int]
    flags: list[Literal["too_easy", "too_hard", "not_discriminating"]]


class ItemStatsList(BaseModel):
    min_attempts: int
    items: list[ItemStatsOut]
