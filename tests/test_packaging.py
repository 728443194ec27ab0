"""A built wheel carries its content: installed elsewhere, it answers from another folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a wheel of a copy of the project and install it (without dependencies) into a fresh folder (a copy:
    the build writes into the source folder, and each xdist worker that runs a test of this module builds)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    for name in ("bot", "intents", "answers"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(work / "dist"), str(source)], check=True, capture_output=True, timeout=240)
    (wheel,) = (work / "dist").glob("exobot-*.whl")
    target = work / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=240)
    return target


def run_installed(target: Path, code: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run Python with only the installed wheel and the dependencies importable (no site, no checkout), and the
    run's embedding cache (conftest): the wheel's examples are the checkout's, so they have the same key, and the
    run does not spend a minute embedding them again."""
    deps = sysconfig.get_paths()["purelib"]
    env = {"PYTHONPATH": f"{target}:{deps}", "PATH": "", "HOME": str(cwd),
           "EXOBOT_CACHE_DIR": os.environ["EXOBOT_CACHE_DIR"]}
    return subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=120)


def test_the_wheel_ships_intents_and_answers(installed: Path) -> None:
    content = installed / "bot" / "content"
    assert (content / "intents" / "vocabulary.yml").is_file()
    assert (content / "intents" / "flows" / "screening.yml").is_file()
    assert (content / "answers" / "referrals" / "urgent.j2").is_file()


def test_the_installed_bot_answers_from_another_folder(installed: Path, tmp_path: Path) -> None:
    code = "import bot.cli, sys; sys.exit(bot.cli.main(['ask', 'what does plated mean']))"
    cached = set(Path(os.environ["EXOBOT_CACHE_DIR"]).iterdir())
    out = run_installed(installed, code, tmp_path)
    assert out.returncode == 0, out.stderr
    assert set(Path(os.environ["EXOBOT_CACHE_DIR"]).iterdir()) == cached, "the wheel's examples differ"
    assert "plated" in out.stdout.lower()
    probe = run_installed(installed, "import bot; print(bot.__file__)", tmp_path)
    assert probe.stdout.startswith(str(installed)), "the checkout, not the wheel, was imported"
