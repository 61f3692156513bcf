"""Forms that several features post the same way."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired


class ConfirmForm(FlaskForm):
    """An empty form: its CSRF token is what a state-changing button posts."""


class SignedPayloadForm(FlaskForm):
    """Re-posts a previewed upload (signed) so the import applies exactly what was shown."""

    payload = HiddenField(validators=[DataRequired()])
