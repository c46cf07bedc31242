"""What a problem declares about its names: their shapes and the assumptions on them.

One place reads both, in canonical form (``δ`` and ``delta`` are one name, ``spd`` and
``SPD`` one assumption), for the checker, ``derive`` and the identity reference alike.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from dlmath.expr.errors import InputError
from dlmath.expr.parser import canonical_name
from dlmath.expr.shapes import Shape, parse_shape

#: The assumptions of the input language (DESIGN.md section 3).
ASSUMPTIONS = (
    "symmetric",
    "spd",
    "orthogonal",
    "diagonal",
    "invertible",
    "positive",
    "probability",
    "one-hot",
)
_ALIASES = {
    "positive-definite": "spd",
    "posdef": "spd",
    "onehot": "one-hot",
    "one_hot": "one-hot",
    "prob": "probability",
    "nonsingular": "invertible",
    "sym": "symmetric",
}


def normalize_assumption(name: str) -> str:
    """The canonical spelling of an assumption; ValueError for an unknown one."""
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in ASSUMPTIONS:
        raise ValueError(f"unknown assumption {name!r}; known: {', '.join(ASSUMPTIONS)}")
    return key


def _parsed_shapes(shapes: dict[str, Any] | None) -> dict[str, Shape]:
    if not shapes:
        return {}
    try:
        return dict(_read_shapes(tuple(shapes.items())))
    except TypeError:  # a shape given as something unhashable: read it every time
        return dict(_read_shapes.__wrapped__(tuple(shapes.items())))


@lru_cache(maxsize=1024)
def _read_shapes(items: tuple[tuple[str, Any], ...]) -> tuple[tuple[str, Shape], ...]:
    """Canonical names with parsed shapes (an exercise declares the same ones every check)."""
    return tuple((canonical_name(name), parse_shape(shape)) for name, shape in items)


def declarations(
    shapes: dict[str, Any] | None, assume: dict[str, Any] | None
) -> tuple[dict[str, Shape], dict[str, set[str]]]:
    """Canonical names with parsed shapes, and their assumptions; ``InputError`` when a
    shape or an assumption cannot be read. ``assume`` values may be lists or
    comma-separated text (``"spd,diagonal"``)."""
    parsed = _parsed_shapes(shapes)
    props: dict[str, set[str]] = {}
    for name, values in (assume or {}).items():
        if isinstance(values, str):
            values = [v for v in values.split(",") if v.strip()]
        try:
            props[canonical_name(name)] = {normalize_assumption(v) for v in values}
        except ValueError as error:
            raise InputError(str(error)) from error
    return parsed, props
