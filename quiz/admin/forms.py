"""Forms for staff actions on students."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField


class SlipsForm(FlaskForm):
    include_logged_in = BooleanField(default=False)
