"""The skill -> module index lets one exercise import one area module: it must name,
for every registered generator, the module that registers it."""

from __future__ import annotations

import subprocess
import sys

from dlmath.exercises import registry


def test_index_names_the_module_of_every_skill_it_lists() -> None:
    """A wrong entry would send an exercise to the wrong module; a missing one only costs
    speed (the registry imports every area), so a new skill needs no index line."""
    registered = {skill: type(gen).__module__ for skill, gen in registry.generators().items()}
    index = registry.module_index()
    assert {skill: registered.get(skill) for skill in index} == index, (
        "generator_modules.toml is wrong: regenerate it with registry.write_module_index()"
    )
    assert len(index) >= len(registered) - 5, "regenerate generator_modules.toml"


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_one_exercise_imports_only_its_own_area_module() -> None:
    loaded = _modules_after(
        "from dlmath.exercises import exercise_from_id; exercise_from_id('linalg.matmul:1:3')"
    )
    areas = [m for m in loaded if m.startswith("dlmath.exercises.") and m.count(".") == 3]
    area_modules = set(registry.area_modules())
    assert "dlmath.exercises.linalg.matmul" in loaded
    assert len([m for m in areas if m in area_modules]) < len(area_modules) // 2


def test_an_unknown_skill_still_lists_every_generator() -> None:
    assert registry.generator("no.such-skill") is None
    assert len(registry.generators()) == len(registry.module_index())
