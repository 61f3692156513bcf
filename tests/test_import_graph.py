"""No import cycle between the parts of the `quiz` package.

A "part" is a subpackage (contests, rankings, practice…) or a top-level module (clock, errors…).
Every import counts, including those inside functions: an import deferred to call time is still a
dependency, and deferring one is how cycles used to be hidden. Read from the source with `ast`,
so nothing is imported and the check is exact for what is written.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "quiz"
NOT_CODE = {"migrations", "templates", "static", "__init__", "__pycache__"}


def parts() -> set[str]:
    return {path.name.removesuffix(".py") for path in PACKAGE.iterdir()
            if path.suffix == ".py" or (path / "__init__.py").exists()} - NOT_CODE


def imported_parts(node: ast.AST, known: set[str]) -> list[str]:
    """The parts of quiz that one import statement names."""
    if isinstance(node, ast.Import):
        modules = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        modules = [node.module]
        if node.module == "quiz":  # from quiz import clock, errors
            modules = [f"quiz.{alias.name}" for alias in node.names]
    else:
        return []
    found = []
    for module in modules:
        pieces = module.split(".")
        if pieces[0] == "quiz" and len(pieces) > 1 and pieces[1] in known:
            found.append(pieces[1])
    return found


def dependency_graph() -> dict[str, dict[str, list[str]]]:
    """part -> imported part -> where ("quiz/x/y.py:12")."""
    known = parts()
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        source_part = relative.parts[0].removesuffix(".py")
        if source_part not in known:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for target in imported_parts(node, known):
                if target != source_part:
                    graph[source_part][target].append(f"quiz/{relative}:{node.lineno}")
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Strongly connected components of more than one part (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(parts()):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_parts_of_the_package():
    graph = dependency_graph()
    problems = []
    for component in cycles(graph):
        problems.append(" ↔ ".join(component))
        for source in component:
            for target, places in sorted(graph[source].items()):
                if target in component:
                    problems.append(f"    {source} -> {target}: {', '.join(places[:3])}")
    assert not problems, "import cycles:\n" + "\n".join(problems)


def test_the_check_finds_a_cycle():
    graph = {"contests": {"rankings": ["a.py:1"]}, "rankings": {"contests": ["b.py:2"]},
             "clock": {}}
    assert cycles(graph) == [["contests", "rankings"]]


def test_the_check_reads_every_kind_of_import():
    known = {"clock", "contests"}
    statements = ["from quiz import clock", "import quiz.contests.attempts",
                  "from quiz.contests.events import subscribe", "from flask import g"]
    read = [imported_parts(ast.parse(text).body[0], known) for text in statements]
    assert read == [["clock"], ["contests"], ["contests"], []]
