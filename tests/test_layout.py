"""The package layout: one package per pipeline stage, imports pointing down the pipeline only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "briefing"
# Lowest first: a stage may import its own package and any package before it, never one after.
LAYERS = [
    "core",
    "text",
    "store",
    "corpus",
    "acquire",
    "retrieval",
    "verification",
    "compose",
    "outputs",
    "generation",
    "cli",
]
MAX_LINES = 600


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


def _stage(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def _imported_stages(path: Path) -> set[str]:
    """The briefing packages a module imports, anywhere in it (lazy imports count)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("briefing.")}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "briefing":
                out |= {a.name for a in node.names if a.name in LAYERS}
            elif node.module.startswith("briefing."):
                out.add(node.module.split(".")[1])
    return out


def test_every_module_lives_in_a_stage_package() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py"]
    assert {_stage(p) for p in _modules()} <= set(LAYERS)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_point_down_the_pipeline(path: Path) -> None:
    here = LAYERS.index(_stage(path))
    upward = sorted(s for s in _imported_stages(path) if s in LAYERS and LAYERS.index(s) > here)
    assert not upward, f"{path.relative_to(ROOT)} imports {upward}, which come after it"


def test_the_layer_check_catches_an_upward_import(tmp_path: Path) -> None:
    # The check itself must be able to fail: a text module importing the generation stage.
    bad = tmp_path / "bad.py"
    bad.write_text("from briefing.generation import llm\nfrom briefing import compose\n")
    assert _imported_stages(bad) == {"generation", "compose"}


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_is_over_600_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by concern"


def test_every_package_says_what_it_is() -> None:
    for init in PACKAGE.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init.relative_to(ROOT)} has no docstring"


def test_every_word_list_says_what_it_is_where_it_came_from_and_its_licence() -> None:
    lists = sorted((PACKAGE / "data").glob("*.txt"))
    assert lists
    for path in lists:
        head = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            head.append(line)
        said = " ".join(head).lower()
        assert head, f"{path.name} has no header"
        assert "source:" in said, f"{path.name}: its header does not say where it came from"
        assert any(w in said for w in ("cc0", "public domain", "licen")), (
            f"{path.name}: its header does not give its licence"
        )
