"""No module under tests/ imports a test module or a conftest: shared set-up lives in the
factories and the support modules (tests/factories.py, tests/support.py, tests/*_world.py, …),
so a test module can be moved, renamed or run alone without breaking another."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent
ROOT = TESTS.parent

def _module_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _is_forbidden(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return module.startswith("tests") and (last.startswith("test_") or last == "conftest")


def forbidden_imports(source: str, module: str) -> list[str]:
    """The test modules and conftests that `source` (the text of `module`) imports."""
    package = module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            # `from tests import test_x` names a module; `from tests.x import name` does not.
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        found += [(node.lineno, target) for target in targets if _is_forbidden(target)]
    return [f"line {line}: {target}" for line, target in sorted(found)]


def test_no_test_module_imports_another_test_module_or_a_conftest():
    offending = []
    for path in sorted(TESTS.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        offending += [f"{name} {hit}"
                      for hit in forbidden_imports(path.read_text(encoding="utf-8"),
                                                   _module_of(path))]
    assert offending == [], "move the shared helper into tests/factories.py or a support " \
        "module (tests/support.py, tests/*_world.py) and import it from there:\n" + \
        "\n".join(offending)


def test_the_check_sees_every_form_of_import():
    source = "\n".join([
        "from tests.test_api import login",
        "import tests.test_standings",
        "from tests import test_standings, factories",
        "from tests.conftest import base_test_config",
        "from .conftest import screenshot",
        "def f():",
        "    from tests.test_concurrency import call",
        "from tests.factories import DEFAULT_PASSWORD",
        "from tests.contest_world import build",
    ])
    hits = forbidden_imports(source, "tests.browser.test_x")
    assert hits == ["line 1: tests.test_api", "line 2: tests.test_standings",
                    "line 3: tests.test_standings", "line 4: tests.conftest",
                    "line 5: tests.browser.conftest", "line 7: tests.test_concurrency"]
