"""The pure layers (bot/nlu, bot/engine) import no transport, storage, event loop or file I/O."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE_LAYERS = ("nlu", "engine")
PURE_MODULES = sorted(p for layer in PURE_LAYERS for p in (ROOT / "bot" / layer).rglob("*.py"))
FORBIDDEN = {"telegram", "sqlite_utils", "sqlite3", "asyncio", "httpx", "socket", "subprocess", "os"}
#: Layers a pure module may import from inside the project.
ALLOWED_PROJECT = {"bot.nlu", "bot.engine"}


def imported(path: Path) -> set[str]:
    """Return the full module names a module imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def calls_open(path: Path) -> bool:
    """Tell whether a module calls open() or Path.read_text/read_bytes/write_text."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open":
                return True
            if isinstance(func, ast.Attribute) and func.attr in {"read_text", "read_bytes", "write_text", "open"}:
                return True
    return False


def test_the_pure_layers_have_modules() -> None:
    assert len(PURE_MODULES) >= 10


@pytest.mark.parametrize("path", PURE_MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_pure_module_imports_no_transport(path: Path) -> None:
    assert {name.split(".")[0] for name in imported(path)} & FORBIDDEN == set()


@pytest.mark.parametrize("path", PURE_MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_pure_module_imports_only_pure_layers(path: Path) -> None:
    project = {n for n in imported(path) if n == "bot" or n.startswith("bot.")}
    assert all(any(n == layer or n.startswith(layer + ".") for layer in ALLOWED_PROJECT) for n in project), project


@pytest.mark.parametrize("path", PURE_MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_pure_module_reads_no_files(path: Path) -> None:
    assert not calls_open(path)


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import asyncio\nfrom telegram import Bot\nfrom bot.store import Store\nopen('x')\n")
    assert {n.split(".")[0] for n in imported(bad)} & FORBIDDEN == {"asyncio", "telegram"}
    assert "bot.store" in imported(bad)
    assert calls_open(bad)
