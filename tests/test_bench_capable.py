"""The capable-style benchmark counts every hard change, however a set names its category."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "bench" / "bench_capable.py"


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_capable", _PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("category", "hard"),
    [
        ("name", True),
        ("changed_name", True),
        ("changed_number", True),
        ("changed_date", True),
        ("negation", True),
        ("antonym", False),
        ("wrong_beneficiary", False),
    ],
)
def test_hard_categories_in_both_namings(category: str, hard: bool) -> None:
    assert _bench().hard(category) is hard


def test_a_kept_changed_name_is_a_hard_change_kept() -> None:
    bench = _bench()
    outcomes = [
        {"id": "x-1", "label": "changed", "category": "changed_name", "ok": True},
        {"id": "x-2", "label": "changed", "category": "antonym", "ok": True},
        {"id": "x-3", "label": "faithful", "category": "paraphrase", "ok": True},
    ]
    assert bench.summary(outcomes)["hard_kept"] == ["x-1"]
