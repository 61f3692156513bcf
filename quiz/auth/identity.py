"""How a typed account name is read: one normalisation for authentication and throttling.

The login throttle must count every spelling that reaches an account as that account, or
" 070108" and "070108 " each get a budget of their own. So the lookup in quiz.auth.service and
the throttle key in quiz.auth.throttle are built from these functions and nothing else.
"""

from __future__ import annotations


def school_code(raw: str | None) -> str:
    """School codes are upper case; people type them in any case, with stray spaces."""
    return (raw or "").strip().upper()


def student_no(raw: str | None) -> str:
    return (raw or "").strip()


def staff_username(raw: str | None) -> str:
    # Usernames are matched exactly (the column is case-sensitive); only spaces are forgiven.
    return (raw or "").strip()


def student_account_key(school: str | None, number: str | None) -> str:
    """The throttle key of the student a login form or API body names."""
    return f"student:{school_code(school)}:{student_no(number)}"


def staff_account_key(username: str | None) -> str:
    """The throttle key of the staff account a login form or API body names. Case-folded, so
    spellings that differ only in case share one budget even if they are different accounts:
    more sharing costs a guesser, never a user."""
    return f"staff:{staff_username(username).casefold()}"
