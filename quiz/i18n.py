"""Translation helpers usable with or without a Flask application context.

Pure modules (bank validation, roster parsing) produce messages that a person reads, so they go
through the translation layer too; outside an app context (a unit test, a script) the Chinese
source text is used as is.
"""

from __future__ import annotations

from flask import has_app_context
from flask_babel import gettext as _babel_gettext
from flask_babel import lazy_gettext


def _(text: str, **variables: object) -> str:
    """Translate `text` (Chinese source) and fill its %(name)s placeholders."""
    if has_app_context():
        return _babel_gettext(text, **variables)
    return text % variables if variables else text


__all__ = ["_", "lazy_gettext"]
