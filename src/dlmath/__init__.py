"""dlmath: learn, practise and keep the mathematics deep learning runs on.

The public API is loaded lazily so that ``import dlmath`` stays light: NumPy, the
database layer, FSRS and Typst are imported only when a function that needs them runs.
(SymPy and SciPy are never imported by dlmath itself; the tests use them as oracles.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dlmath.expr.errors import InputError, ShapeError

__version__ = "0.1.0"

__all__ = [
    "InputError",
    "ShapeError",
    "__version__",
    "check",
    "derive",
    "equivalent",
    "exercise",
    "practice",
    "skills",
]

# public name -> module that defines it; imported on first access
_LAZY = {
    "skills": "dlmath.curriculum",
    "exercise": "dlmath.exercises",
    "check": "dlmath.exercises",
    "equivalent": "dlmath.checker",
    "derive": "dlmath.derivatives",
    "practice": "dlmath.cli.notebook_practice",
}

if TYPE_CHECKING:  # pragma: no cover
    from dlmath.checker import equivalent
    from dlmath.cli.notebook_practice import practice
    from dlmath.curriculum import skills
    from dlmath.derivatives import derive
    from dlmath.exercises import check, exercise


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'dlmath' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value
