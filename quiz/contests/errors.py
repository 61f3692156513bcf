"""Refusals from the contest services, each with the HTTP status the API answers with."""

from __future__ import annotations


class ContestError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ContestError):
    status = 404
    code = "not_found"


class Conflict(ContestError):
    """The request is well formed but the attempt or contest is not in a state to take it."""

    status = 409
    code = "conflict"


class Invalid(ContestError):
    status = 422
    code = "invalid"

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}
