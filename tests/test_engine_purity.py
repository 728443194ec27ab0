"""The engine is pure: no transport, storage or event loop inside it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE_MODULES = sorted(
    [ROOT / "bot" / name for name in ("conversation.py", "engine.py", "matcher.py", "risk.py", "render.py",
                                      "catalogue.py", "text.py", "console.py", "evaluate.py", "lint.py")]
    + list((ROOT / "bot" / "flows").glob("*.py"))
)
FORBIDDEN = {"telegram", "sqlite_utils", "sqlite3", "asyncio", "httpx"}


def imported_roots(path: Path) -> set[str]:
    """Return the top-level names a module imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", PURE_MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_pure_module_imports_no_transport(path: Path) -> None:
    assert path.exists()
    assert imported_roots(path) & FORBIDDEN == set()


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import asyncio\nfrom telegram import Bot\n")
    assert imported_roots(bad) & FORBIDDEN == {"asyncio", "telegram"}
