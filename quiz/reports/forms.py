"""The filter form of the report and dashboard pages (a GET form: nothing changes, no CSRF).

Its values are checked by the same parser as the command line and the API
(quiz.reports.filters), so every page shows the same messages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice

from quiz.i18n import _
from quiz.i18n import lazy_gettext as _l


class ReportFilterForm(FlaskForm):
    class Meta:
        csrf = False

    contest = SelectField(_l("竞赛"), choices=[], validate_choice=False)
    season = SelectField(_l("赛季"), choices=[], validate_choice=False)
    date_from = StringField(_l("开始日期"), name="from", render_kw={"type": "date"})
    date_to = StringField(_l("结束日期"), name="to", render_kw={"type": "date"})
    district = SelectField(_l("区县"), choices=[], validate_choice=False)

    def fill_choices(self, contests, seasons, districts) -> None:
        self.contest.choices = [SelectChoice("", _("全部竞赛"))] + [
            SelectChoice(str(c.id), c.title) for c in contests]
        self.season.choices = [SelectChoice("", _("不限赛季"))] + [
            SelectChoice(str(s.id), f"{s.name}（{s.starts_on} 至 {s.ends_on}）")
            for s in seasons]
        self.district.choices = [SelectChoice("", _("全市"))] + [
            SelectChoice(d.name, d.name) for d in districts]

    def field_for(self, name: str | None):
        """The form field a domain error's field name belongs to (None: the whole form)."""
        return {"contest": self.contest, "from": self.date_from, "to": self.date_to,
                "district": self.district, "season": self.season}.get(name or "")
