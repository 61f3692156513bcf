"""反诈知识竞赛: the application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from quiz.config import Config, load_or_create_secret_key, settings_from_environment

__version__ = "0.1.0"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: `Config`, then `QUIZ_*` variables, then `config` (tests' overrides)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    app.config.update(settings_from_environment(app.instance_path))
    if config:
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)
    _trust_proxies(app)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret_key(app.instance_path)

    from quiz.routing import RowIdConverter

    app.url_map.converters["int"] = RowIdConverter  # before any route is added
    _init_extensions(app)
    _register_blueprints(app)

    from quiz.cli import register_commands
    from quiz.errors import register_error_handlers
    from quiz.permissions import web as permissions_web
    from quiz.security_headers import init_app as init_security_headers
    from quiz.templating import register_template_helpers

    register_error_handlers(app)
    init_security_headers(app)
    _subscribe_to_finishes()
    register_template_helpers(app)
    permissions_web.init_app(app)
    register_commands(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind QUIZ_TRUSTED_PROXY_HOPS reverse proxies, take the client's address and scheme
    from their X-Forwarded-* headers (the login budget per address keys on the real client).
    With 0, the default, those headers are ignored: anyone could forge them."""
    hops = int(app.config.get("TRUSTED_PROXY_HOPS") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def _subscribe_to_finishes() -> None:
    """Every finished attempt updates the boards, then XP and badges, then the report and item
    analysis tallies."""
    from quiz.contests import events
    from quiz.gamification.service import on_attempt_finished as update_progress
    from quiz.item_analysis.tallies import on_attempt_finished as update_item_tallies
    from quiz.rankings.standings import on_attempt_finished as update_boards
    from quiz.reports.tallies import on_attempt_finished as update_tallies

    for handler in (update_boards, update_progress, update_tallies, update_item_tallies):
        events.subscribe(handler)


def _init_extensions(app: Flask) -> None:
    from babel import Locale

    from quiz import database
    from quiz.auth.session import init_login
    from quiz.extensions import babel, csrf, db, limiter, migrate

    db.init_app(app)
    database.configure_engine_events(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"),
                     render_as_batch=True)
    csrf.init_app(app)
    # One parsed Locale for every request: parsing "zh_CN" anew scans Babel's locale list.
    locale = Locale.parse(app.config["BABEL_DEFAULT_LOCALE"])
    babel.init_app(app, locale_selector=lambda: locale)
    limiter.init_app(app)
    init_login(app)


def _register_blueprints(app: Flask) -> None:
    from quiz.admin.audit_log import bp as audit_bp
    from quiz.admin.routes import bp as admin_bp
    from quiz.api.routes import bp as api_bp
    from quiz.auth.routes import bp as auth_bp
    from quiz.banks.routes import bp as banks_bp
    from quiz.contests.routes import bp as contests_bp
    from quiz.item_analysis.routes import bp as item_analysis_bp
    from quiz.leaderboards.routes import bp as leaderboards_bp
    from quiz.main.routes import bp as main_bp
    from quiz.play.routes import bp as play_bp
    from quiz.practice.routes import bp as practice_bp
    from quiz.progress.routes import bp as progress_bp
    from quiz.reports.routes import bp as reports_bp
    from quiz.rosters.routes import bp as rosters_bp
    from quiz.volunteers import blueprint as volunteers_blueprint

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(audit_bp, url_prefix="/admin/audit")
    app.register_blueprint(banks_bp, url_prefix="/banks")
    app.register_blueprint(item_analysis_bp, url_prefix="/item-analysis")
    app.register_blueprint(rosters_bp, url_prefix="/rosters")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(play_bp)
    app.register_blueprint(contests_bp, url_prefix="/staff/contests")
    app.register_blueprint(volunteers_blueprint(), url_prefix="/volunteers")
    app.register_blueprint(practice_bp, url_prefix="/practice")
    app.register_blueprint(reports_bp, url_prefix="/reports")
    app.register_blueprint(progress_bp)
    app.register_blueprint(leaderboards_bp, url_prefix="/leaderboards")
