"""docs/authoring.md's example skill works as written, and adding it takes one module:
dropped into an area package, the registry finds and registers it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np

from dlmath.exercises import registry
from judging import assert_accepted, assert_misconceptions_named

DOC = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_example_module_is_one_module_away(tmp_path, monkeypatch):
    (module,) = _blocks("python")
    (tmp_path / "outer_product.py").write_text(module, encoding="utf-8")
    import dlmath.exercises.linalg as linalg

    registry.generators()  # every real generator loaded first
    monkeypatch.setattr(linalg, "__path__", [*linalg.__path__, str(tmp_path)])
    monkeypatch.setattr(registry, "_GENERATORS", {})
    monkeypatch.setattr(registry, "_loaded", False)
    try:
        assert set(registry.generators()) == {"linalg.outer-product"}
        for difficulty in (1, 2, 3):
            for seed in range(10):
                ex = registry.exercise("linalg.outer-product", difficulty, seed)
                u, v = np.array(ex.data["u"]), np.array(ex.data["v"])
                assert_accepted(ex, [ex.expected, str(np.outer(u, v).tolist())])
                assert_misconceptions_named(ex)
                assert "⎡" in ex.text and "$" not in ex.text
    finally:
        import sys

        sys.modules.pop("dlmath.exercises.linalg.outer_product", None)


def test_the_example_entry_is_a_skill_entry():
    (entry,) = _blocks("toml")
    (skill,) = tomllib.loads(entry)["skills"]
    assert skill["id"] == "linalg.outer-product" and skill["practice"] is True
    assert {"name", "description", "prerequisites", "readings"} <= set(skill)
