"""Route modules build no queries: a view parses the request, asks permissions, calls a function
of its feature's `pages.py` (or a service, quiz.lookups, quiz.permissions) and renders.

Read from the source with `ast`, so nothing is imported. A route module is any module of `quiz`
that registers a view (`@bp.route`, `@bp.get`, `bp.route(...)`…). In one it is a finding to:

- import from SQLAlchemy anything but its exceptions (`select`, `func`, `or_`, `selectinload`…);
- use `db.` for anything but the session and the engine (`db.select`, `db.func`…), or
  `Model.query`;
- call a statement builder's method (`.where(`, `.join(` on anything but a string, `.order_by(`,
  `.limit(` on anything but the rate limiter…).

Running a statement built elsewhere (`db.session.scalars(contests_for_staff(user))`, the scope
written once in quiz.permissions) and loading a row by primary key (`db.session.get`) are not
findings: neither builds a query.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "quiz"

ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete"}
ALLOWED_SQLALCHEMY = {"sqlalchemy.exc", "sqlalchemy.orm.exc"}  # exceptions a view catches
# The answer hot path runs quick_save's one statement on an autocommit connection it opens from
# db.engine: choosing the transaction, not building the query.
ALLOWED_DB = {"session", "engine"}
BUILDER_METHODS = {
    "where", "filter", "filter_by", "join", "outerjoin", "order_by", "group_by", "having",
    "select_from", "subquery", "options", "distinct", "offset", "limit", "with_for_update",
    "returning", "correlate", "scalar_subquery", "union", "except_", "intersect",
}

# Lines that genuinely cannot leave a route module, each with the reason. Empty: every query
# the routes used to build now lives in a pages module, a service or quiz.lookups.
EXEMPT: dict[str, str] = {}


def is_route_module(tree: ast.AST) -> bool:
    """Whether a module registers a view: a `@<bp>.route/get/post…(…)` decorator, or a call
    `<bp>.route(…)` (the API's `endpoint` decorator registers that way)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                call = decorator.func if isinstance(decorator, ast.Call) else decorator
                if (isinstance(call, ast.Attribute) and call.attr in ROUTE_DECORATORS
                        and isinstance(call.value, ast.Name)):
                    return True
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "route" and isinstance(node.func.value, ast.Name)):
            return True
    return False


def query_building(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) for each place in a module that builds a query."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and (
                node.module.split(".")[0] == "sqlalchemy"
                and node.module not in ALLOWED_SQLALCHEMY):
            names = ", ".join(alias.name for alias in node.names)
            found.append((node.lineno, f"from {node.module} import {names}"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sqlalchemy" and alias.name not in (
                        ALLOWED_SQLALCHEMY):
                    found.append((node.lineno, f"import {alias.name}"))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "db" and node.attr not in ALLOWED_DB:
                found.append((node.lineno, f"db.{node.attr}"))
            elif node.attr == "query" and node.value.id[:1].isupper():
                found.append((node.lineno, f"{node.value.id}.query"))
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in BUILDER_METHODS):
            receiver = node.func.value
            if node.func.attr == "join" and isinstance(receiver, ast.Constant) and isinstance(
                    receiver.value, str):
                continue  # ", ".join(parts)
            if node.func.attr == "limit" and isinstance(receiver, ast.Name) and (
                    receiver.id == "limiter"):
                continue  # @limiter.limit("5/minute"), Flask-Limiter
            found.append((node.lineno, f".{node.func.attr}("))
    return sorted(found)


def route_modules() -> dict[str, ast.AST]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).as_posix()
        if "/migrations/" in relative:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        if is_route_module(tree):
            modules[relative] = tree
    return modules


def test_route_modules_build_no_queries():
    problems = []
    for relative, tree in route_modules().items():
        for line, what in query_building(tree):
            place = f"{relative}:{line}"
            if place not in EXEMPT:
                problems.append(f"{place}: {what}")
    assert not problems, ("route modules build queries; move them to the feature's pages.py "
                          "(or a service, quiz.lookups):\n" + "\n".join(problems))


def test_every_view_module_is_read():
    """The check finds the route modules it is meant for (a detection that found none would
    pass silently)."""
    found = set(route_modules())
    expected = {f"quiz/{feature}/routes.py" for feature in (
        "admin", "api", "auth", "banks", "contests", "leaderboards", "main", "play", "practice",
        "progress", "reports", "rosters", "volunteers")}
    expected |= {"quiz/volunteers/team_views.py", "quiz/admin/audit_log.py"}
    assert expected <= found, sorted(expected - found)


def test_no_exemption_outlives_its_line():
    modules = route_modules()
    stale = []
    for place in EXEMPT:
        relative, line = place.rsplit(":", 1)
        lines = {found_line for found_line, _what in query_building(modules[relative])} if (
            relative in modules) else set()
        if int(line) not in lines:
            stale.append(place)
    assert not stale, stale


def test_the_check_finds_what_builds_a_query():
    source = "\n".join([
        "from sqlalchemy import func, select",        # 1
        "from sqlalchemy.exc import IntegrityError",  # 2: allowed
        "@bp.route('/')",                             # 3
        "def index():",                               # 4
        "    q = contests_for_staff(u).where(x)",     # 5
        "    name = '.'.join(parts)",                 # 6: a string, allowed
        "    rows = db.session.scalars(q)",           # 7: runs a query, allowed
        "    n = db.func.count()",                    # 8
        "    return Student.query.all()",             # 9
        "@limiter.limit('5/minute')",                 # 10: the rate limiter, allowed
        "def login(): pass",                          # 11
    ])
    tree = ast.parse(source)
    assert is_route_module(tree)
    assert query_building(tree) == [
        (1, "from sqlalchemy import func, select"), (5, ".where("), (8, "db.func"),
        (9, "Student.query")]


def test_a_module_without_views_is_not_a_route_module():
    assert not is_route_module(ast.parse("def rows(session):\n    return request.args.get('x')"))
