"""The sentences a learner reads: one function per diagnosis, so wording lives in one place."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from dlmath.expr.errors import InputError, ShapeError


def correct(exact_note: str = "") -> str:
    if exact_note:
        return f"Correct (the exact value is {exact_note})."
    return "Correct."


def parse_error(error: InputError) -> str:
    where = f" at position {error.position + 1}" if error.position is not None else ""
    return f"I could not read your answer{where}: {error.message}."


def unknown_name(unknown: list[str], declared: list[str]) -> str:
    names = ", ".join(unknown)
    plural = "names" if len(unknown) > 1 else "name"
    if declared:
        return (
            f"Your answer uses the {plural} {names}, which this problem does not define; "
            f"the names here are {', '.join(declared)}."
        )
    return f"Your answer uses the {plural} {names}, but this answer should be made of numbers only."


def too_large(error: InputError) -> str:
    return f"Your answer is too large to work with: {error.message}."


def shape_error(error: ShapeError) -> str:
    return f"Your answer cannot be formed: {error.message}."


def defined_vs_undefined(expected) -> str:
    from dlmath.expr.nodes import Undefined

    if isinstance(expected, Undefined):
        return "This does not exist, so the answer is 'undefined'; check the sizes first."
    return "It does exist: the sizes fit, so compute it instead of answering 'undefined'."


def list_where_value(expected, answer) -> str:
    from dlmath.expr.nodes import ListOf

    if isinstance(expected, ListOf):
        return f"The answer is a list of {len(expected.items)} values separated by commas."
    if isinstance(answer, ListOf):
        return "The answer is a single value, not a list."
    return "The answer has another form."


def transpose(shape: tuple[int, int] | None, expected_shape: str | None) -> str:
    text = "Your answer is the transpose of the right one"
    if shape is not None and shape[1] == 1 and shape[0] > 1:
        return text + ": vectors are columns here; write [1, 2, 3] or [1; 2; 3]."
    if expected_shape and expected_shape != "?":
        return f"{text}: the right answer is {expected_shape}."
    return text + "."


def wrong_shape(answer_shape: str, expected_shape: str) -> str:
    return f"Your answer is {answer_shape}, but the right answer is {expected_shape}."


def factor_order() -> str:
    return (
        "Your answer has the right factors in the wrong order. Transposing or inverting a "
        "product reverses the order of all its factors: (X Y Z)ᵀ = Zᵀ Yᵀ Xᵀ and "
        "(X Y Z)⁻¹ = Z⁻¹ Y⁻¹ X⁻¹."
    )


def dropped_batch(expected: tuple[int, ...]) -> str:
    return (
        "You dropped the batch dimension: the leading (batch) sizes carry through a "
        "batched product to the result, in front of the matrix sizes."
    )


def sign() -> str:
    return "Your answer has the wrong sign: it is the negative of the right one."


@lru_cache(maxsize=256)
def simple_fraction(c: float) -> Fraction | None:
    """``c`` as a fraction with a denominator up to 100, when it is one (to 1e-6)."""
    f = Fraction(c).limit_denominator(100)
    return f if abs(float(f) - c) < 1e-6 * max(1.0, abs(c)) else None


def factor_text(c: float) -> str:
    """A constant factor as the feedback writes it: ``1/2``, ``3``, or ``1.234``."""
    f = simple_fraction(c)
    return str(f) if f is not None else f"{c:.4g}"


def factor(c: float) -> str:
    f = simple_fraction(c)
    shown = factor_text(c)
    hint = ""
    if f is not None and f.denominator != 1 and f.numerator in (1, -1):
        hint = f" (a missing factor of {f.denominator}?)"
    elif f is not None and f.denominator == 1:
        hint = f" (an extra factor of {f.numerator}?)"
    return (
        f"Your answer differs from the right one by a constant factor: it is {shown} times "
        f"the right answer{hint}."
    )


def symmetric_only(names: list[str]) -> str:
    which = " and ".join(names)
    verb = "were" if len(names) == 1 else "were all"
    return (
        f"Your answer would be right only if {which} {verb} symmetric; nothing says so here, "
        f"so keep the transposes (e.g. A + Aᵀ rather than 2A)."
    )


def elementwise_vs_matrix() -> str:
    return (
        "You mixed up the matrix product and the elementwise product. Here juxtaposition, "
        "*, · and @ mean the matrix product; write ⊙ (or .*) for the elementwise one."
    )


def close(gap: float, tolerance: float | None) -> str:
    pct = f"{gap * 100:.2g}%"
    if tolerance:
        return (
            f"Close: your answer is within {pct} of the right one, but it must be within "
            f"{tolerance * 100:.2g}%."
        )
    return (
        f"Close: your answer is within {pct} of the right one, but not equal to it; give the "
        f"exact value (a fraction) or more decimals."
    )


def wrong() -> str:
    return "Not right."


def wrong_entries(entries: list[list[int]], total: int) -> str:
    if not entries:
        return "Not right."
    shown = ", ".join(f"({i}, {j})" for i, j in entries[:6])
    more = "" if len(entries) <= 6 else f" and {len(entries) - 6} more"
    if len(entries) == 1:
        return f"Not right: entry {shown} is wrong; the other {total - 1} are right."
    return f"Not right: entries {shown}{more} are wrong."


def answer_undefined_at_points(message: str) -> str:
    return f"Your answer cannot be evaluated where the right one can: {message}."


def answer_has_no_value(message: str) -> str:
    return f"Your answer has no value: {message}."
