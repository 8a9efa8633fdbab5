"""The package as a user gets it: a wheel, installed elsewhere, briefing from another directory.

An editable checkout finds prompts and templates beside the code whatever is
packaged; only a built wheel shows that they travel with it. The wheel is built
offline from a copy of the sources and installed with no downloads into a
folder of its own, which goes first on the path, on top of this environment's
dependencies.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT, SEED

CASSETTE = ROOT / "cassettes" / "seed.yaml"


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the built wheel was installed into."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "briefing", source / "briefing", ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    _run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(work / "dist"), str(source)])
    [wheel] = (work / "dist").glob("briefing-*.whl")
    target = work / "site"
    _run([*pip, "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)])
    return target


@pytest.fixture
def environment(installed: Path, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFING_", "PYTHON"))}
    return env | {"PYTHONPATH": str(installed), "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}


def test_the_wheel_carries_its_prompts_and_templates(installed, environment, tmp_path):
    probe = (
        "import briefing, briefing.config as c; print(briefing.__file__); print(c.PROMPTS_DIR); print(c.TEMPLATES_DIR)"
    )
    where = _run([sys.executable, "-c", probe], cwd=tmp_path, env=environment).stdout.split()
    assert all(Path(path).is_relative_to(installed) for path in where), where
    for data in ("prompts", "templates"):  # every file of the package data, whatever its suffix
        packaged = sorted(p.name for p in (installed / "briefing" / data).iterdir() if p.is_file())
        assert packaged == sorted(p.name for p in (ROOT / "briefing" / data).iterdir() if p.is_file()), data


def test_the_installed_command_briefs_and_renders_from_another_directory(installed, environment, tmp_path):
    # A line only the installed template holds: the brief below must be rendered from the wheel's copy.
    template = installed / "briefing" / "templates" / "brief.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nrendered from the wheel\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "seeds").mkdir(parents=True)
    shutil.copy(SEED, elsewhere / "seeds" / SEED.name)
    command = [sys.executable, str(installed / "bin" / "briefing")]

    _run([*command, "generate", "seeds", "--replay", str(CASSETTE), "-o", "brief.md"], cwd=elsewhere, env=environment)
    brief = json.loads((elsewhere / "brief.json").read_text(encoding="utf-8"))
    assert brief["run"]["endpoint"] == "replay" and brief["actors"] and brief["quotes"]
    assert "rendered from the wheel" in (elsewhere / "brief.md").read_text(encoding="utf-8")

    _run([*command, "render", "brief.json", "-o", "x.md"], cwd=elsewhere, env=environment)
    rendered = (elsewhere / "x.md").read_text(encoding="utf-8")
    assert brief["title"] in rendered and "rendered from the wheel" in rendered
