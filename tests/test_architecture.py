"""The dependency table of docs/architecture.md, enforced: each package of dlmath imports
only the packages the table allows (imports made only for type checking aside), and the
exercise areas import no other area."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "dlmath"

# package -> the packages of dlmath it may import (docs/architecture.md, "Dependencies
# point inward"). Keep the two in step.
ALLOWED: dict[str, set[str]] = {
    "expr": set(),
    "curriculum": set(),
    "checker": {"expr"},
    "derivatives": {"expr"},
    "reference": {"expr"},
    "exercises": {"expr", "checker"},
    "worksheets": {"exercises", "expr", "curriculum"},
    "store": {"learner", "config"},
    "learner": set(),
    "session": {"learner", "store", "exercises", "checker"},
    "config": set(),
    "auth": set(),
    "calculators": {"expr"},
    "lessons": {"exercises", "curriculum", "expr", "reference"},
    "teaching": {"learner"},
    # the web app is an interface like the CLI: it may use every package but the CLI
    "web": {
        "auth", "calculators", "checker", "curriculum", "derivatives", "exercises", "expr",
        "learner", "lessons", "reference", "session", "store", "teaching", "worksheets",
        "config",
    },
}  # fmt: skip
AREAS = ("linalg", "calculus", "probability", "information", "optimization")


def _runtime_imports(path: Path) -> set[str]:
    """Modules of dlmath that ``path`` imports, outside ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dlmath"):
            if node.module == "dlmath":
                found |= {f"dlmath.{a.name}" for a in node.names}
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("dlmath.")}
    return found


def _package(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_follow_the_table(package):
    paths = (
        sorted((SRC / package).rglob("*.py"))
        if (SRC / package).is_dir()
        else [SRC / f"{package}.py"]
    )
    wrong = []
    for path in paths:
        for module in _runtime_imports(path):
            target = module.split(".")[1]
            if target != package and target not in ALLOWED[package]:
                wrong.append(f"{path.relative_to(SRC)} imports {module}")
    assert not wrong, wrong


def test_exercise_areas_share_only_the_kit():
    wrong = []
    for area in AREAS:
        for path in sorted((SRC / "exercises" / area).rglob("*.py")):
            for module in _runtime_imports(path):
                parts = module.split(".")
                other = len(parts) > 2 and parts[1] == "exercises" and parts[2] in AREAS
                if other and parts[2] != area:
                    wrong.append(f"{path.relative_to(SRC)} imports {module}")
    assert not wrong, wrong


def test_every_package_is_in_the_table():
    packages = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages - {"cli"} <= set(ALLOWED)
