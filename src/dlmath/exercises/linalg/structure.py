"""Linear-algebra structure: rank, linear systems, eigenvalues, definiteness, projections,
least squares and the SVD.

Every matrix is built by construction (products of integer factors, ``P D P⁻¹`` with a
unimodular ``P``, congruences ``Qᵀ D Q``, ``U Σ Vᵀ`` with integer-friendly orthogonal
factors), so answers are small integers or fractions and the worked solutions can show
exact steps. Arithmetic is exact (``Fraction``); all randomness comes from the ``rng``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import isqrt
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import register
from dlmath.expr.literals import (
    format_number,
    latex_matrix,
    latex_number,
    matrix_text,
    shape_text,
    vector_text,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

Matrix = list[list[Fraction]]
Cell = Fraction | int | str

# ---------------------------------------------------------------------------------------
# Drawing random values
# ---------------------------------------------------------------------------------------


def _int(rng: np.random.Generator, lo: int, hi: int) -> int:
    return int(rng.integers(lo, hi, endpoint=True))


def _pick(rng: np.random.Generator, options: Sequence[Any]) -> Any:
    return options[int(rng.integers(len(options)))]


def _ints(rng: np.random.Generator, rows: int, cols: int, lo: int, hi: int) -> Matrix:
    return [[Fraction(_int(rng, lo, hi)) for _ in range(cols)] for _ in range(rows)]


def _nonzero(rng: np.random.Generator, lo: int, hi: int) -> int:
    while True:
        value = _int(rng, lo, hi)
        if value:
            return value


def _permutation(rng: np.random.Generator, n: int) -> list[int]:
    return [int(i) for i in rng.permutation(n)]


def _int_mul(a: list[list[int]], b: list[list[int]]) -> list[list[int]]:
    """Integer matrix product: the hot loops of drawing stay out of Fraction arithmetic."""
    cols = list(zip(*b, strict=True))
    return [[sum(x * y for x, y in zip(row, col, strict=True)) for col in cols] for row in a]


def _unimodular_ints(rng: np.random.Generator, n: int, bound: int) -> list[list[int]]:
    while True:
        lower = [
            [1 if i == j else (_int(rng, -1, 1) if i > j else 0) for j in range(n)]
            for i in range(n)
        ]
        upper = [
            [1 if i == j else (_int(rng, -1, 1) if i < j else 0) for j in range(n)]
            for i in range(n)
        ]
        product = _int_mul(lower, upper)
        order = _permutation(rng, n)
        product = [product[i] for i in order]
        if max(abs(x) for row in product for x in row) <= bound and not _is_triangular(product):
            return product


def _unimodular(rng: np.random.Generator, n: int, bound: int = 4) -> Matrix:
    """An integer matrix with determinant ±1 and entries at most ``bound``: a permuted
    product of unit lower and upper triangular factors, so its inverse is integer too."""
    return _frac(_unimodular_ints(rng, n, bound))


# ---------------------------------------------------------------------------------------
# Exact matrix arithmetic
# ---------------------------------------------------------------------------------------


def _frac(rows: Sequence[Sequence[Any]]) -> Matrix:
    return [[Fraction(v) for v in row] for row in rows]


def _mul(a: Matrix, b: Matrix) -> Matrix:
    cols = list(zip(*b, strict=True))
    return [
        [sum((x * y for x, y in zip(row, col, strict=True)), Fraction(0)) for col in cols]
        for row in a
    ]


def _transpose(a: Matrix) -> Matrix:
    return [list(col) for col in zip(*a, strict=True)]


def _identity(n: int) -> Matrix:
    return [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]


def _add(a: Matrix, b: Matrix, scale: Fraction | int = 1) -> Matrix:
    return [
        [x + scale * y for x, y in zip(ra, rb, strict=True)] for ra, rb in zip(a, b, strict=True)
    ]


def _scaled(a: Matrix, factor: Fraction | int) -> Matrix:
    return [[factor * x for x in row] for row in a]


def _column(values: Sequence[Any]) -> Matrix:
    return [[Fraction(v)] for v in values]


def _flat(a: Matrix) -> list[Fraction]:
    return [row[0] for row in a]


def _dot(u: Sequence[Fraction], v: Sequence[Fraction]) -> Fraction:
    return sum((x * y for x, y in zip(u, v, strict=True)), Fraction(0))


def _max_abs(a: Matrix) -> Fraction:
    return max(abs(x) for row in a for x in row)


def _is_triangular(a: Sequence[Sequence[Any]]) -> bool:
    n = len(a)
    upper = all(a[i][j] == 0 for i in range(n) for j in range(i))
    lower = all(a[i][j] == 0 for i in range(n) for j in range(i + 1, n))
    return upper or lower


def _det(a: Matrix) -> Fraction:
    m = [row[:] for row in a]
    n = len(m)
    det = Fraction(1)
    for c in range(n):
        p = next((i for i in range(c, n) if m[i][c] != 0), None)
        if p is None:
            return Fraction(0)
        if p != c:
            m[c], m[p] = m[p], m[c]
            det = -det
        det *= m[c][c]
        for i in range(c + 1, n):
            f = m[i][c] / m[c][c]
            m[i] = [x - f * y for x, y in zip(m[i], m[c], strict=True)]
    return det


def _inverse(a: Matrix) -> Matrix | None:
    n = len(a)
    m = [row[:] + _identity(n)[i] for i, row in enumerate(a)]
    for c in range(n):
        p = next((i for i in range(c, n) if m[i][c] != 0), None)
        if p is None:
            return None
        m[c], m[p] = m[p], m[c]
        pivot = m[c][c]
        m[c] = [x / pivot for x in m[c]]
        for i in range(n):
            if i != c and m[i][c] != 0:
                f = m[i][c]
                m[i] = [x - f * y for x, y in zip(m[i], m[c], strict=True)]
    return [row[n:] for row in m]


def _rank(a: Matrix) -> int:
    return len(_row_reduce(a).pivots)


def _adjugate(a: Matrix) -> Matrix:
    n = len(a)
    if n == 1:
        return [[Fraction(1)]]

    def minor(i: int, j: int) -> Matrix:
        return [[a[r][c] for c in range(n) if c != j] for r in range(n) if r != i]

    cof = [[(-1) ** (i + j) * _det(minor(i, j)) for j in range(n)] for i in range(n)]
    return _transpose(cof)


def _char_poly(a: Matrix) -> list[Fraction]:
    """Coefficients of det(λI − A), highest power first (Faddeev–LeVerrier, exact)."""
    n = len(a)
    coeffs = [Fraction(1)]
    m = [[Fraction(0)] * n for _ in range(n)]
    for k in range(1, n + 1):
        m = _add(_mul(a, m), _identity(n), coeffs[-1])
        am = _mul(a, m)
        coeffs.append(-sum((am[i][i] for i in range(n)), Fraction(0)) / k)
    return coeffs


@dataclass
class _Reduction:
    """Row reduction with its steps: (LaTeX of the operations, matrix after them)."""

    steps: list[tuple[str, Matrix]]
    result: Matrix
    pivots: list[int]


def _op_term(factor: Fraction, row: int) -> str:
    if factor in (1, -1):
        return f"{'-' if factor < 0 else ''}R_{row}"
    return f"{latex_number(factor)}R_{row}"


def _row_reduce(a: Matrix, reduced: bool = False, augmented: int = 0) -> _Reduction:
    """Gaussian elimination (Gauss–Jordan when ``reduced``); pivots are searched only in
    the first ``cols − augmented`` columns, so ``[A | b]`` reduces as a system would."""
    m = [row[:] for row in a]
    rows, cols = len(m), len(m[0])
    steps: list[tuple[str, Matrix]] = []
    pivots: list[int] = []
    r = 0
    for c in range(cols - augmented):
        if r == rows:
            break
        candidates = [i for i in range(r, rows) if m[i][c] != 0]
        if not candidates:
            continue
        p = min(candidates, key=lambda i: (abs(m[i][c]) != 1, abs(m[i][c]), i))
        ops = []
        if p != r:
            m[r], m[p] = m[p], m[r]
            ops.append(f"R_{r + 1} \\leftrightarrow R_{p + 1}")
        if reduced and m[r][c] != 1:
            f = 1 / m[r][c]
            m[r] = [f * x for x in m[r]]
            ops.append(f"R_{r + 1} \\leftarrow {_op_term(f, r + 1)}")
        if ops:
            steps.append((",\\; ".join(ops), [row[:] for row in m]))
            ops = []
        for i in range(rows) if reduced else range(r + 1, rows):
            if i != r and m[i][c] != 0:
                f = m[i][c] / m[r][c]
                m[i] = [x - f * y for x, y in zip(m[i], m[r], strict=True)]
                sign = "-" if f > 0 else "+"
                ops.append(f"R_{i + 1} \\leftarrow R_{i + 1} {sign} {_op_term(abs(f), r + 1)}")
        if ops:
            steps.append((",\\; ".join(ops), [row[:] for row in m]))
        pivots.append(c)
        r += 1
    return _Reduction(steps, m, pivots)


# ---------------------------------------------------------------------------------------
# Writing values: input language, LaTeX, plain text, JSON data
# ---------------------------------------------------------------------------------------


def _json_value(v: Cell) -> int | str:
    if isinstance(v, str):
        return v
    f = Fraction(v)
    return f.numerator if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def _json(a: Sequence[Sequence[Cell]]) -> list[list[int | str]]:
    return [[_json_value(v) for v in row] for row in a]


def _json_vec(v: Sequence[Cell]) -> list[int | str]:
    return [_json_value(x) for x in v]


def _lcell(v: Cell) -> str:
    return v if isinstance(v, str) else latex_number(v)


def _lx(a: Sequence[Sequence[Cell]]) -> str:
    if all(not isinstance(v, str) for row in a for v in row):
        return latex_matrix(a)
    body = r" \\ ".join(" & ".join(_lcell(v) for v in row) for row in a)
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


def _lx_aug(a: Sequence[Sequence[Cell]], coefficient_cols: int) -> str:
    spec = "c" * coefficient_cols + "|" + "c" * (len(a[0]) - coefficient_cols)
    body = r" \\ ".join(" & ".join(_lcell(v) for v in row) for row in a)
    return r"\left[\begin{array}{" + spec + "} " + body + r" \end{array}\right]"


def _lvec(v: Sequence[Cell]) -> str:
    return _lx([[x] for x in v])


def _list_text(values: Sequence[Fraction | int]) -> str:
    return ", ".join(format_number(v) for v in values)


def _reduction_markdown(red: _Reduction, coefficient_cols: int | None = None) -> list[str]:
    lines = []
    for ops, m in red.steps:
        shown = _lx(m) if coefficient_cols is None else _lx_aug(m, coefficient_cols)
        lines.append(f"$${ops}: \\quad {shown}$$")
    return lines


def _dedupe(expected: str, items: list[Misconception]) -> list[Misconception]:
    """Drop misconceptions whose answer is the right one or repeats an earlier one, so
    every catalogued answer maps to exactly one code."""
    seen = {expected.replace(" ", "")}
    kept = []
    for item in items:
        key = item.answer.replace(" ", "")
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _multiset_key(text: str) -> str:
    return ",".join(sorted(p.strip() for p in text.split(",")))


def _dedupe_lists(expected: str, items: list[Misconception]) -> list[Misconception]:
    """Like ``_dedupe`` for order-free lists: a reordering counts as the same answer."""
    seen = {_multiset_key(expected)}
    kept = []
    for item in items:
        key = _multiset_key(item.answer)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _variables(n: int) -> tuple[list[str], list[str]]:
    """Unknowns of a system as (plain text, LaTeX): x, y, z, or x1…x4 beyond three."""
    if n <= 3:
        names = ["x", "y", "z"][:n]
        return names, names
    return [f"x{i + 1}" for i in range(n)], [f"x_{{{i + 1}}}" for i in range(n)]


def _linear_form(coeffs: Sequence[Cell], names: Sequence[str]) -> str:
    """``2x - y + kz``: a linear combination written as a person would."""
    out = ""
    for c, name in zip(coeffs, names, strict=True):
        if isinstance(c, str):
            out += (" + " if out else "") + f"{c}{name}"
            continue
        c = Fraction(c)
        if c == 0:
            continue
        mag = abs(c)
        body = name if mag == 1 else f"{format_number(mag)}{name}"
        if not out:
            out = ("-" if c < 0 else "") + body
        else:
            out += (" - " if c < 0 else " + ") + body
    return out or "0"


def _equations(a: Sequence[Sequence[Cell]], b: Sequence[Cell], n: int) -> tuple[str, str]:
    text_names, latex_names = _variables(n)
    text_lines = [
        f"{_linear_form(row, text_names)} = {format_number(rhs)}"
        for row, rhs in zip(a, b, strict=True)
    ]
    latex_lines = [
        f"{_linear_form(row, latex_names)} &= {latex_number(rhs)}"
        for row, rhs in zip(a, b, strict=True)
    ]
    latex = r"$$\begin{aligned} " + r" \\ ".join(latex_lines) + r" \end{aligned}$$"
    return "\n".join("    " + line for line in text_lines), latex


# ---------------------------------------------------------------------------------------
# linalg.rank
# ---------------------------------------------------------------------------------------


def _proportional(u: Sequence[Fraction], v: Sequence[Fraction]) -> bool:
    return all(u[i] * v[j] == u[j] * v[i] for i in range(len(u)) for j in range(len(u)))


def _pairwise_directions(a: Matrix) -> int:
    """How many rows are nonzero and not a multiple of an earlier row: the "rank" of
    someone who checks rows only two at a time."""
    kept: list[list[Fraction]] = []
    for row in a:
        if any(row) and not any(_proportional(row, k) for k in kept):
            kept.append(row)
    return len(kept)


@register
class Rank(Generator):
    """Rank of an integer matrix built as a product F G of an m×r and an r×n factor."""

    skill = "linalg.rank"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        m, n = _pick(
            rng,
            {1: [(2, 2), (2, 3), (3, 2)], 2: [(3, 3), (3, 4), (4, 3)], 3: [(4, 4), (4, 5), (5, 4)]}[
                difficulty
            ],
        )
        ranks = {1: [1, 1, 2], 2: [1, 2, 2, 3], 3: [2, 3, 3]}[difficulty]
        r = min(_pick(rng, ranks), m, n)
        bound = {1: 3, 2: 3, 3: 2}[difficulty]
        while True:
            f = _ints(rng, m, r, -bound, bound)
            g = _ints(rng, r, n, -bound, bound)
            a = _mul(f, g)
            if _max_abs(a) > 12 or _rank(a) != r:
                continue
            if difficulty >= 2 and any(not any(row) for row in a):
                continue
            # the trap of difficulty 3: no row is a multiple of another, yet rows depend
            if difficulty == 3 and _pairwise_directions(a) != m:
                continue
            break
        red = _row_reduce(a)
        expected = str(r)
        misconceptions = _dedupe(
            expected,
            [
                Misconception(
                    "misconception:full-rank-assumed",
                    str(min(m, n)),
                    f"Rank is at most min(m, n) = {min(m, n)}, but reaches it only when no row "
                    "is a combination of the others; row-reduce to see how many pivots remain.",
                ),
                Misconception(
                    "misconception:pairwise-independence",
                    str(_pairwise_directions(a)),
                    "No row being a multiple of another is not enough: a row can be a combination "
                    "of two or more others. Row-reduce and count the pivots.",
                ),
                Misconception(
                    "misconception:nullity-for-rank",
                    str(n - r),
                    "That is the nullity n − rank (the dimension of the null space), not the rank.",
                ),
            ],
        )
        intro = f"Find the rank of the {shape_text(m, n)} matrix"
        hints = [
            "Row-reduce A to echelon form; the rank is the number of pivots.",
            f"The rank is at most min(m, n) = {min(m, n)}. Look for a row that is a "
            "combination of the rows above it.",
        ]
        if difficulty == 3:
            hints.append(
                "No two rows here are multiples of each other, yet the rows are "
                "dependent: some row is a combination of several others."
            )
        solution = [
            "Row-reduce $A$ (row operations do not change the rank):",
            *_reduction_markdown(red),
            "The echelon form has pivots in column(s) "
            f"{', '.join(str(c + 1) for c in red.pivots)}, "
            f"so $\\operatorname{{rank}} A = {r}$.",
            f"Indeed $A = FG$ with $F = {_lx(f)}$ ({shape_text(m, r)}) and $G = {_lx(g)}$, so its "
            f"columns lie in the {r}-dimensional column space of $F$.",
        ]
        return Draft(
            prompt=f"{intro} $A = {_lx(a)}$.",
            text=f"{intro} A.\n\n{named_grids([('A', a)])}",
            kind="number",
            expected=expected,
            data={"A": _json(a)},
            hints=hints,
            solution="\n\n".join(solution),
            misconceptions=misconceptions,
        )


# ---------------------------------------------------------------------------------------
# linalg.linear-systems
# ---------------------------------------------------------------------------------------

OUTCOMES = ["unique", "none", "infinitely many"]


def _with_rank(rng: np.random.Generator, m: int, n: int, r: int, bound: int = 2) -> Matrix:
    """An m×n integer matrix of rank exactly r, entries at most 9, no zero row."""
    while True:
        a = _mul(_ints(rng, m, r, -bound, bound), _ints(rng, r, n, -bound, bound))
        if _max_abs(a) <= 9 and _rank(a) == r and all(any(row) for row in a):
            return a


def _counting_outcome(m: int, n: int) -> str:
    return "unique" if m == n else ("infinitely many" if m < n else "none")


def _augmented(a: Matrix, b: Sequence[Cell]) -> list[list[Cell]]:
    return [[*row, rhs] for row, rhs in zip(a, b, strict=True)]


@register
class LinearSystems(Generator):
    """Solve or classify linear systems built with a chosen rank and a chosen outcome."""

    skill = "linalg.linear-systems"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._unique(rng, 2, integer=True)
        if difficulty == 2:
            if rng.random() < 0.5:
                return self._unique(rng, 3, integer=rng.random() < 0.5)
            return self._classify(rng)
        if rng.random() < 0.5:
            return self._parameter(rng)
        return self._solution_set(rng)

    # -- a unique solution ----------------------------------------------------------------

    def _unique(self, rng: np.random.Generator, n: int, integer: bool) -> Draft:
        while True:
            a = (
                _ints(rng, n, n, -4, 4)
                if n == 2
                else _mul(_unimodular(rng, n, 2), _diag_scaled(rng, n))
            )
            det = _det(a)
            if det == 0 or abs(det) > 6 or _max_abs(a) > 9 or any(not any(row) for row in a):
                continue
            inv = _inverse(a)
            assert inv is not None
            if integer:
                x = _column([_int(rng, -4, 4) for _ in range(n)])
                b = _mul(a, x)
            else:
                b = _column([_int(rng, -6, 6) for _ in range(n)])
                x = _mul(inv, b)
                if all(v.denominator == 1 for v in _flat(x)) or _max_abs(x) > 6:
                    continue
            if _max_abs(b) <= 30 and any(_flat(x)):
                break
        xs, bs = _flat(x), _flat(b)
        expected = vector_text(xs)
        wrong = []
        if any(a[i][j] != a[j][i] for i in range(n) for j in range(n)):
            wrong.append(
                Misconception(
                    "misconception:cofactor-not-transposed",
                    vector_text(_flat(_mul(_transpose(inv), b))),
                    "The inverse is the adjugate over the determinant, and the adjugate is the "
                    "*transposed* cofactor matrix: you used A⁻ᵀ b instead of A⁻¹ b.",
                )
            )
        if abs(det) != 1:
            wrong.append(
                Misconception(
                    "misconception:forgot-determinant",
                    vector_text(_flat(_mul(_adjugate(a), b))),
                    f"A⁻¹ = adj(A) / det A: divide by det A = {format_number(det)}.",
                )
            )
        text_eqs, latex_eqs = _equations(a, bs, n)
        names, _ = _variables(n)
        red = _row_reduce([*map(list, _augmented(a, bs))], reduced=True, augmented=1)
        solution = [
            f"$\\det A = {latex_number(det)} \\neq 0$, so there is exactly one solution. "
            "Row-reduce the augmented matrix $[A \\mid b]$ to reduced echelon form:",
            f"$${_lx_aug(_augmented(a, bs), n)}$$",
            *_reduction_markdown(red, n),
            f"Read off the solution: $({', '.join(names)}) = "
            f"({', '.join(latex_number(v) for v in xs)})$."
            " Check: $A x = b$.",
        ]
        ask = f"Solve the system for the vector [{', '.join(names)}]."
        return Draft(
            prompt=f"{ask}\n\n{latex_eqs}",
            text=f"{ask}\n\n{text_eqs}",
            kind="matrix",
            expected=expected,
            data={"A": _json(a), "b": _json_vec(bs), "ask": "solve"},
            hints=[
                "Eliminate one unknown at a time (or row-reduce [A | b]).",
                f"det A = {format_number(det)} is not zero, so the solution is unique.",
            ],
            solution="\n\n".join(solution),
            misconceptions=_dedupe(expected, wrong),
        )

    # -- how many solutions --------------------------------------------------------------

    def _classify(self, rng: np.random.Generator) -> Draft:
        m, n = _pick(rng, [(3, 3), (3, 3), (2, 3), (3, 2)])
        options = {
            (3, 3): ["unique", "none", "none", "infinitely many", "infinitely many"],
            (2, 3): ["none", "none", "infinitely many"],
            (3, 2): ["unique", "unique", "none", "infinitely many"],
        }[(m, n)]
        outcome = _pick(rng, options)
        if outcome == "unique":
            r = n
        elif (m, n) == (3, 3):
            r = 2
        elif (m, n) == (2, 3):
            r = 1 if outcome == "none" else _pick(rng, [1, 2])
        else:
            r = 1 if outcome == "infinitely many" else _pick(rng, [1, 2])
        while True:
            a = _with_rank(rng, m, n, r)
            x0 = _column([_int(rng, -3, 3) for _ in range(n)])
            b = _flat(_mul(a, x0))
            if outcome == "none":
                b = [v + _int(rng, -2, 2) for v in b]
            rank_ab = _rank([*map(list, _augmented(a, b))])
            if (rank_ab == r) == (outcome != "none") and max(abs(v) for v in b) <= 20:
                break
        counting = _counting_outcome(m, n)
        wrong = [
            Misconception(
                "misconception:counting-equations",
                counting,
                f"Counting equations ({m}) and unknowns ({n}) is not enough: what matters is "
                f"rank A = {r} compared with rank [A | b] and with the number of unknowns.",
            )
        ]
        if m == n and outcome == "infinitely many":
            wrong.append(
                Misconception(
                    "misconception:singular-means-no-solution",
                    "none",
                    "det A = 0 only says the solution is not unique or does not exist; here b lies "
                    "in the column space (rank A = rank [A | b]), so there are infinitely many.",
                )
            )
        if m == n and outcome == "none":
            wrong.append(
                Misconception(
                    "misconception:singular-means-infinite",
                    "infinitely many",
                    "det A = 0 does not make a system solvable: here rank [A | b] > rank A, so "
                    "the equations contradict each other.",
                )
            )
        text_eqs, latex_eqs = _equations(a, b, n)
        red = _row_reduce([*map(list, _augmented(a, b))], augmented=1)
        aug = _augmented(a, b)
        verdict = {
            "unique": f"rank A = rank [A | b] = {r} = the number of unknowns, so the solution "
            "is unique.",
            "none": f"rank A = {r} but rank [A | b] = {r + 1}: a row reads $0 = c$ with "
            "$c \\neq 0$, so there is no solution.",
            "infinitely many": f"rank A = rank [A | b] = {r} < {n} unknowns: the system is "
            f"consistent with {n - r} free variable(s), so there are infinitely many solutions.",
        }[outcome]
        solution = [
            "Row-reduce the augmented matrix $[A \\mid b]$ and compare ranks:",
            f"$${_lx_aug(aug, n)}$$",
            *_reduction_markdown(red, n),
            verdict.replace("rank A", "$\\operatorname{rank} A$").replace(
                "rank [A | b]", "$\\operatorname{rank}[A \\mid b]$"
            ),
        ]
        ask = f"How many solutions does this system have? Answer one of: {', '.join(OUTCOMES)}."
        return Draft(
            prompt=f"{ask}\n\n{latex_eqs}",
            text=f"{ask}\n\n{text_eqs}",
            kind="choice",
            expected=outcome,
            data={"A": _json(a), "b": _json_vec(b), "ask": "classify"},
            hints=[
                "Row-reduce the augmented matrix [A | b].",
                "No solution when rank [A | b] > rank A; otherwise unique exactly when rank A "
                "equals the number of unknowns.",
            ],
            solution="\n\n".join(solution),
            misconceptions=_dedupe(outcome, wrong),
            choices=list(OUTCOMES),
        )

    # -- a parameter k -------------------------------------------------------------------

    def _parameter(self, rng: np.random.Generator) -> Draft:
        ask = _pick(rng, ["none", "infinitely many"])
        while True:
            p, q, r_ = (_int(rng, -3, 3) for _ in range(3))
            l21, l31, l32 = (_int(rng, -2, 2) for _ in range(3))
            k0 = l31 * q + l32 * r_
            if k0 == 0 or abs(k0) > 9:
                continue
            c = [_int(rng, -4, 4), _int(rng, -4, 4), _nonzero(rng, -3, 3) if ask == "none" else 0]
            upper = [[1, p, q], [0, 1, r_], [0, 0, None]]  # None: the entry k - k0
            lower = [[1, 0, 0], [l21, 1, 0], [l31, l32, 1]]
            rows: list[list[Cell]] = []
            for i in range(3):
                row: list[Cell] = []
                for j in range(3):
                    if i == 2 and j == 2:
                        row.append("k")  # l31 q + l32 r + (k - k0) = k
                    else:
                        row.append(
                            Fraction(
                                sum(
                                    lower[i][t] * upper[t][j]
                                    for t in range(3)
                                    if upper[t][j] is not None
                                )
                            )
                        )
                rows.append(row)
            b = [Fraction(sum(lower[i][t] * c[t] for t in range(3))) for i in range(3)]
            if max(abs(v) for v in b) <= 15 and all(
                isinstance(v, str) or abs(v) <= 9 for row in rows for v in row
            ):
                break
        order = _permutation(rng, 3)
        a_shown = [rows[i] for i in order]
        b_shown = [b[i] for i in order]
        text_eqs, latex_eqs = _equations(a_shown, b_shown, 3)
        k_entry = f"k {'-' if k0 > 0 else '+'} {abs(k0)}"
        # row swaps flip the sign of the determinant; elimination keeps it
        odd = sum(1 for i in range(3) for j in range(i + 1, 3) if order[i] > order[j]) % 2
        det_text = f"-({k_entry})" if odd else k_entry
        reordered = (
            "Reorder the equations, the one containing $k$ last. " if order != [0, 1, 2] else ""
        )
        shifted = l31 * q
        entry = "k" if shifted == 0 else f"k {'-' if shifted > 0 else '+'} {abs(shifted)}"
        step1: list[list[Cell]] = [
            [*rows[0], b[0]],
            [Fraction(0), Fraction(1), Fraction(r_), Fraction(c[1])],
            [Fraction(0), Fraction(l32), entry, b[2] - l31 * c[0]],
        ]
        final: list[list[Cell]] = [
            [*rows[0], b[0]],
            [Fraction(0), Fraction(1), Fraction(r_), Fraction(c[1])],
            [Fraction(0), Fraction(0), k_entry, Fraction(c[2])],
        ]
        ops1 = ",\\; ".join(op for op in (_elimination(2, l21, 1), _elimination(3, l31, 1)) if op)
        ops2 = _elimination(3, l32, 2)
        elimination = [
            f"$${ops}: \\quad {_lx_aug(m, 3)}$$" for ops, m in ((ops1, step1), (ops2, final)) if ops
        ]
        tail = (
            f"the last row reads $({k_entry})\\,z = {c[2]}$: for $k = {k0}$ it says $0 = {c[2]}$, "
            "a contradiction, "
            "and for every other $k$ the solution is unique. So there is no solution exactly "
            f"when $k = {k0}$."
            if ask == "none"
            else f"the last row reads $({k_entry})\\,z = 0$: for $k = {k0}$ it vanishes, "
            "leaving 2 equations in 3 unknowns with a free variable, and for every other $k$ "
            "the only solution has $z = 0$ and is unique. "
            f"So there are infinitely many solutions exactly when $k = {k0}$."
        )
        solution = [
            f"{reordered}Eliminate below the pivots of $[A \\mid b]$; $k$ only ever appears in "
            "the last entry of $A$.",
            f"$${_lx_aug([[*rows[i], b[i]] for i in range(3)], 3)}$$",
            *elimination,
            f"Now $\\det A = {det_text}$, and " + tail,
        ]
        outcome = "no solution" if ask == "none" else "infinitely many solutions"
        question = f"For which value of k does this system have {outcome}?"
        return Draft(
            prompt=f"{question}\n\n{latex_eqs}",
            text=f"{question}\n\n{text_eqs}",
            kind="number",
            expected=str(k0),
            data={"A": _json(a_shown), "b": _json_vec(b_shown), "ask": ask, "parameter": "k"},
            hints=[
                "Row-reduce [A | b]; keep k as a symbol.",
                "The solution is unique exactly when det A ≠ 0; find the k that makes det A = 0, "
                "then check whether the equations are consistent there.",
            ],
            solution="\n\n".join(solution),
            misconceptions=[
                Misconception(
                    "misconception:entry-zero",
                    "0",
                    f"k = 0 makes one entry vanish, but whether A is singular depends on the whole "
                    f"matrix: det A = {det_text}.",
                )
            ],
        )

    # -- the whole solution set ------------------------------------------------------------

    def _solution_set(self, rng: np.random.Generator) -> Draft:
        m, n = _pick(rng, [(2, 3), (3, 3), (3, 4)])
        r = n - 1
        free = _int(rng, 0, n - 1)
        pivots = [j for j in range(n) if j != free]
        while True:
            v = [_int(rng, -3, 3) for _ in range(r)]
            if not any(v):
                continue
            reduced = [[Fraction(0)] * n for _ in range(r)]
            for i, j in enumerate(pivots):
                reduced[i][j] = Fraction(1)
                reduced[i][free] = Fraction(v[i])
            mix = _unimodular(rng, r, 3) if m == r else _with_rank(rng, m, r, r)
            a = _mul(mix, reduced)
            c = [_int(rng, -4, 4) for _ in range(r)]
            b = _flat(_mul(mix, _column(c)))
            if _max_abs(a) <= 9 and max(abs(x) for x in b) <= 20 and all(any(row) for row in a):
                break
        particular = [Fraction(0)] * n
        direction = [Fraction(0)] * n
        for i, j in enumerate(pivots):
            particular[j] = Fraction(c[i])
            direction[j] = Fraction(-v[i])
        direction[free] = Fraction(1)
        names, latex_names = _variables(n)

        def family(p: Sequence[Fraction], d: Sequence[Fraction]) -> str:
            return "[" + ", ".join(_affine_text(pi, di) for pi, di in zip(p, d, strict=True)) + "]"

        expected = family(particular, direction)
        wrong = _dedupe(
            expected,
            [
                Misconception(
                    "misconception:homogeneous-only",
                    family([Fraction(0)] * n, direction),
                    "That is the solution set of A x = 0 only; add a particular solution of A x = "
                    "b.",
                ),
                Misconception(
                    "misconception:free-column-sign",
                    family(particular, [-d if j != free else d for j, d in enumerate(direction)]),
                    "Moving the free variable's column to the right-hand side flips its sign: "
                    f"{names[pivots[0]]} = … − (coefficient)·t.",
                ),
                Misconception(
                    "misconception:particular-only",
                    vector_text(particular),
                    "That is one solution; the system has infinitely many. Write them all in "
                    "terms of t.",
                ),
            ],
        )
        text_eqs, latex_eqs = _equations(a, b, n)
        # the free unknown's column goes last, so the pivots land on the others
        columns = [*pivots, free]
        permuted = [[row[j] for j in columns] for row in a]
        red = _row_reduce([*map(list, _augmented(permuted, b))], reduced=True, augmented=1)
        order_note = (
            ""
            if free == n - 1
            else "Write the columns in the order "
            + ", ".join(f"${latex_names[j]}$" for j in columns)
            + f" so that the free unknown ${latex_names[free]}$ comes last. "
        )
        rows_read = ", ".join(
            f"${latex_names[j]} {'+' if red.result[i][n - 1] >= 0 else '-'} "
            f"{latex_number(abs(red.result[i][n - 1]))}t = {latex_number(red.result[i][n])}$"
            for i, j in enumerate(pivots)
        )
        solution = [
            f"{order_note}Row-reduce $[A \\mid b]$ to reduced echelon form:",
            f"$${_lx_aug(_augmented(permuted, b), n)}$$",
            *_reduction_markdown(red, n),
            f"Every unknown but ${latex_names[free]}$ has a pivot. With ${latex_names[free]} = t$ "
            f"the rows read {rows_read}, so",
            "$$x = "
            + _lvec([_affine_latex(p, d) for p, d in zip(particular, direction, strict=True)])
            + " = "
            + _lvec(particular)
            + " + t\\,"
            + _lvec(direction)
            + "$$",
        ]
        question = (
            f"This system has infinitely many solutions. Write the general solution as a vector "
            f"[{', '.join(names)}] in terms of t, where {names[free]} = t."
        )
        return Draft(
            prompt=f"{question}\n\n{latex_eqs}",
            text=f"{question}\n\n{text_eqs}",
            kind="expression",
            expected=expected,
            data={"A": _json(a), "b": _json_vec(b), "ask": "solution-set", "free": free},
            hints=[
                "Row-reduce [A | b] to reduced echelon form.",
                f"Set {names[free]} = t and express every pivot variable in terms of t.",
                "The answer is a particular solution plus t times a solution of A x = 0.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
            shapes={"t": "1x1"},
        )


def _diag_scaled(rng: np.random.Generator, n: int) -> Matrix:
    """The identity with one diagonal entry in ±1, ±2, 3: a factor that gives 3×3 systems
    small determinants other than ±1 (and so fractional solutions)."""
    d = _identity(n)
    i = _int(rng, 0, n - 1)
    d[i][i] = Fraction(_pick(rng, [1, -1, 2, -2, 3]))
    return d


def _elimination(target: int, factor: int | Fraction, source: int) -> str:
    """``R_3 \\leftarrow R_3 - 2R_1``, or '' when the factor is zero."""
    if factor == 0:
        return ""
    sign = "-" if factor > 0 else "+"
    return f"R_{target} \\leftarrow R_{target} {sign} {_op_term(abs(Fraction(factor)), source)}"


def _affine_text(const: Fraction, coef: Fraction) -> str:
    """``3 - 2*t``: one entry of a one-parameter family, in the input language."""
    if coef == 0:
        return format_number(const)
    mag = "t" if abs(coef) == 1 else f"{format_number(abs(coef))}*t"
    if const == 0:
        return ("-" if coef < 0 else "") + mag
    return f"{format_number(const)} {'-' if coef < 0 else '+'} {mag}"


def _affine_latex(const: Fraction, coef: Fraction) -> str:
    return _affine_text(const, coef).replace("*", "")


# ---------------------------------------------------------------------------------------
# linalg.eigen
# ---------------------------------------------------------------------------------------


def _poly_latex(coeffs: Sequence[Fraction], var: str = "\\lambda") -> str:
    """``\\lambda^2 - 5\\lambda + 6`` from coefficients, highest power first."""
    n = len(coeffs) - 1
    out = ""
    for i, c in enumerate(coeffs):
        power = n - i
        if c == 0:
            continue
        mono = "" if power == 0 else (var if power == 1 else f"{var}^{power}")
        mag = abs(c)
        body = latex_number(mag) if (mag != 1 or power == 0) else ""
        term = body + mono
        if not out:
            out = ("-" if c < 0 else "") + term
        else:
            out += (" - " if c < 0 else " + ") + term
    return out or "0"


def _factored_latex(roots: Sequence[int]) -> str:
    parts = []
    for r in sorted(roots):
        parts.append("\\lambda" if r == 0 else f"(\\lambda {'-' if r > 0 else '+'} {abs(r)})")
    return "".join(parts)


def _distinct(rng: np.random.Generator, n: int, lo: int, hi: int) -> Callable[[], list[int]]:
    """A drawer of n distinct integer eigenvalues in lo..hi."""
    return lambda: [int(v) for v in rng.choice(range(lo, hi + 1), size=n, replace=False)]


def _similar(
    rng: np.random.Generator, draw_values: Callable[[], list[int]], bound: int
) -> tuple[Matrix, Matrix, list[int]]:
    """(A, P, values) with A = P D P⁻¹ integer, P unimodular, D = diag(values), A not
    triangular and its entries at most ``bound``; values far apart may not fit the bound,
    so they are redrawn now and then."""
    while True:
        values = draw_values()
        n = len(values)
        for _ in range(30):
            p = _unimodular_ints(rng, n, 2)
            inv = [[int(x) for x in row] for row in _inverse(_frac(p)) or []]
            pd = [[p[i][j] * values[j] for j in range(n)] for i in range(n)]
            a = _int_mul(pd, inv)
            if max(abs(x) for row in a for x in row) <= bound and not _is_triangular(a):
                return _frac(a), _frac(p), values


@register
class Eigen(Generator):
    """Eigenvalues (and at difficulty 3 eigenvectors) of matrices similar to integer diagonals."""

    skill = "linalg.eigen"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            a, _, values = _similar(rng, _distinct(rng, 2, -5, 5), 12)
            return self._values(a, values, difficulty)
        if difficulty == 2:
            return self._values(*self._block_triangular(rng), difficulty)
        if rng.random() < 0.5:
            a, _, values = _similar(rng, _distinct(rng, 3, -4, 4), 15)
            return self._values(a, values, difficulty)
        return self._vector(rng)

    def _block_triangular(self, rng: np.random.Generator) -> tuple[Matrix, list[int]]:
        """A 3×3 matrix with a 2×2 block and a lone eigenvalue, rows and columns shuffled by
        the same permutation (a similarity, so the eigenvalues stay)."""
        block, _, pair = _similar(rng, _distinct(rng, 2, -4, 4), 9)
        lone = _pick(rng, [pair[0], _int(rng, -4, 4), _int(rng, -4, 4)])
        c = [_int(rng, -3, 3), _int(rng, -3, 3)]
        t = [
            [block[0][0], block[0][1], Fraction(c[0])],
            [block[1][0], block[1][1], Fraction(c[1])],
            [Fraction(0), Fraction(0), Fraction(lone)],
        ]
        order = _permutation(rng, 3)
        a = [[t[order[i]][order[j]] for j in range(3)] for i in range(3)]
        return a, [*pair, lone]

    def _values(self, a: Matrix, values: list[int], difficulty: int) -> Draft:
        n = len(a)
        expected = _list_text(sorted(values, reverse=True))
        coeffs = _char_poly(a)
        diagonal = [a[i][i] for i in range(n)]
        wrong = [
            Misconception(
                "misconception:diagonal-entries",
                _list_text(diagonal),
                "Only triangular (or diagonal) matrices have their eigenvalues on the diagonal; "
                "solve det(A − λI) = 0.",
            ),
            Misconception(
                "misconception:char-poly-sign",
                _list_text(sorted((-v for v in values), reverse=True)),
                "Those are the roots of det(A + λI): the eigenvalues solve det(A − λI) = 0, so "
                "every "
                "sign is flipped.",
            ),
        ]
        if len(set(values)) < len(values):
            wrong.append(
                Misconception(
                    "misconception:missing-multiplicity",
                    _list_text(sorted(set(values), reverse=True)),
                    "A repeated root of the characteristic polynomial is listed as often as it "
                    "repeats "
                    "(algebraic multiplicity).",
                )
            )
        trace = sum(diagonal, Fraction(0))
        solution = [
            "The eigenvalues are the roots of the characteristic polynomial "
            f"$\\det(\\lambda I - A) = {_poly_latex(coeffs)}$.",
        ]
        if n == 2:
            solution.append(
                f"For a 2×2 matrix it is $\\lambda^2 - (\\operatorname{{tr}} A)\\lambda + \\det A$ "
                f"with $\\operatorname{{tr}} A = {latex_number(trace)}$, "
                f"$\\det A = {latex_number(_det(a))}$."
            )
        elif difficulty == 2:
            solution.append(
                "Expand along the row (or column) with two zeros: one eigenvalue is that "
                "row's diagonal entry, the other two come from the remaining 2×2 block."
            )
        else:
            solution.append(
                "Try integer divisors of the constant term as roots (rational root "
                "theorem), then divide the polynomial by each root found."
            )
        solution += [
            f"It factors as ${_factored_latex(values)}$, so the eigenvalues are "
            f"${', '.join(str(v) for v in sorted(values, reverse=True))}$.",
            f"Check: their sum is $\\operatorname{{tr}} A = {latex_number(trace)}$ and their "
            "product is "
            f"$\\det A = {latex_number(_det(a))}$.",
        ]
        hints = ["Solve det(A − λI) = 0.", "The eigenvalues add up to tr A and multiply to det A."]
        if difficulty == 2:
            hints.append("One row or column has two zeros: expand the determinant along it.")
        if difficulty == 3:
            hints.append(
                "The characteristic polynomial has integer roots that divide its constant term."
            )
        ask = (
            "Find all eigenvalues of A (list them separated by commas, repeated ones as often "
            "as they repeat)."
        )
        return Draft(
            prompt=f"{ask}\n\n$$A = {_lx(a)}$$",
            text=f"{ask}\n\n{named_grids([('A', a)])}",
            kind="list",
            expected=expected,
            data={"A": _json(a), "ask": "eigenvalues"},
            hints=hints,
            solution="\n\n".join(solution),
            misconceptions=_dedupe_lists(expected, wrong),
        )

    def _vector(self, rng: np.random.Generator) -> Draft:
        n = _pick(rng, [2, 3])
        a, p, values = _similar(rng, _distinct(rng, n, -4, 4), 12)
        which = _int(rng, 0, n - 1)
        lam = values[which]
        column = [p[i][which] for i in range(n)]
        anchor = next(i for i in range(n) if column[i] != 0)
        vec = [x / column[anchor] for x in column]
        expected = vector_text(vec)
        shifted = _add(a, _identity(n), -lam)
        wrong = []
        left = _nullvector(_transpose(shifted), anchor)
        if left is not None:
            wrong.append(
                Misconception(
                    "misconception:left-eigenvector",
                    vector_text(left),
                    "That vector solves vᵀA = λvᵀ (an eigenvector of Aᵀ). An eigenvector of A "
                    "solves "
                    "(A − λI) v = 0: use the rows of A − λI, not its columns.",
                )
            )
        names = [f"v{i + 1}" for i in range(n)]
        red = _row_reduce(shifted, reduced=True)
        solution = [
            f"An eigenvector for $\\lambda = {lam}$ spans the null space of $A - "
            f"{lam if lam >= 0 else f'({lam})'}I = {_lx(shifted)}$.",
            "Row-reduce it:",
            *_reduction_markdown(red),
            f"The solutions are the multiples of ${_lvec(vec)}$; the one with "
            f"${names[anchor].replace('v', 'v_')} = 1$ "
            "is the answer.",
            f"Check: $A v = {_lvec(_flat(_mul(a, _column(vec))))} = {lam} v$.",
        ]
        ask = (
            f"λ = {lam} is an eigenvalue of A. Find the eigenvector v = [{', '.join(names)}] for "
            f"λ = {lam} "
            f"with {names[anchor]} = 1."
        )
        return Draft(
            prompt=f"{ask}\n\n$$A = {_lx(a)}$$",
            text=f"{ask}\n\n{named_grids([('A', a)])}",
            kind="matrix",
            expected=expected,
            data={"A": _json(a), "ask": "eigenvector", "eigenvalue": lam, "normalise": anchor},
            hints=[
                f"Solve (A − {lam}I) v = 0.",
                "Row-reduce A − λI; the free variable gives the direction, then scale it.",
            ],
            solution="\n\n".join(solution),
            misconceptions=_dedupe(expected, wrong),
        )


def _nullvector(m: Matrix, anchor: int) -> list[Fraction] | None:
    """The null vector of a rank n−1 matrix with entry ``anchor`` equal to 1, if it has one."""
    red = _row_reduce(m, reduced=True)
    n = len(m[0])
    free = [j for j in range(n) if j not in red.pivots]
    if len(free) != 1:
        return None
    v = [Fraction(0)] * n
    v[free[0]] = Fraction(1)
    for i, j in enumerate(red.pivots):
        v[j] = -red.result[i][free[0]]
    if v[anchor] == 0:
        return None
    return [x / v[anchor] for x in v]


# ---------------------------------------------------------------------------------------
# linalg.definiteness
# ---------------------------------------------------------------------------------------

DEFINITENESS = [
    "positive definite",
    "positive semidefinite",
    "negative definite",
    "negative semidefinite",
    "indefinite",
]


def _class_of_signs(values: Sequence[Fraction]) -> str:
    """The class a list of signs (eigenvalues, or pivots of Qᵀ D Q) stands for."""
    pos = any(v > 0 for v in values)
    neg = any(v < 0 for v in values)
    zero = any(v == 0 for v in values)
    if pos and neg:
        return "indefinite"
    if pos:
        return "positive semidefinite" if zero else "positive definite"
    if neg:
        return "negative semidefinite" if zero else "negative definite"
    return "positive semidefinite"  # the zero matrix; never drawn


def _diagonal_for(rng: np.random.Generator, target: str, n: int) -> list[int]:
    while True:
        if target == "positive definite":
            d = [_int(rng, 1, 3) for _ in range(n)]
        elif target == "positive semidefinite":
            d = [_int(rng, 0, 3) for _ in range(n)]
        elif target == "negative definite":
            d = [-_int(rng, 1, 3) for _ in range(n)]
        elif target == "negative semidefinite":
            d = [-_int(rng, 0, 3) for _ in range(n)]
        else:
            d = [_int(rng, -3, 3) for _ in range(n)]
        if _class_of_signs([Fraction(v) for v in d]) == target:
            return d


def _quadratic_form(a: Matrix, latex: bool) -> str:
    """xᵀ A x written out: ``2x1² + 2x1x2 - x2²`` (or its LaTeX)."""
    n = len(a)
    names = [f"x_{i + 1}" for i in range(n)] if latex else [f"x{i + 1}" for i in range(n)]
    terms: list[tuple[Fraction, str]] = []
    for i in range(n):
        terms.append((a[i][i], f"{names[i]}^2" if latex else f"{names[i]}²"))
        for j in range(i + 1, n):
            terms.append((2 * a[i][j], f"{names[i]}{names[j]}"))
    return _linear_form([c for c, _ in terms], [t for _, t in terms])


def _determinant_only(a: Matrix) -> str:
    det = _det(a)
    if det > 0:
        return "positive definite"
    if det == 0:
        return "positive semidefinite"
    return "negative definite" if len(a) % 2 else "indefinite"


def _by_entries(values: Sequence[Fraction]) -> str:
    if all(v > 0 for v in values):
        return "positive definite"
    if all(v < 0 for v in values):
        return "negative definite"
    if all(v >= 0 for v in values):
        return "positive semidefinite"
    if all(v <= 0 for v in values):
        return "negative semidefinite"
    return "indefinite"


@register
class Definiteness(Generator):
    """Classify symmetric matrices Qᵀ D Q (Q unimodular): the signs of D decide (Sylvester's
    law of inertia), while the diagonal, the entries and the determinant can mislead."""

    skill = "linalg.definiteness"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        n = {1: 2, 2: _pick(rng, [2, 3]), 3: 3}[difficulty]
        targets = {
            1: ["positive definite", "negative definite", "indefinite"],
            2: DEFINITENESS,
            3: [*DEFINITENESS, "positive semidefinite", "indefinite", "negative definite"],
        }[difficulty]
        target = _pick(rng, targets)
        for attempt in range(200):
            d = _diagonal_for(rng, target, n)
            q = _unimodular(rng, n, 2)
            dm = [[Fraction(d[i]) if i == j else Fraction(0) for j in range(n)] for i in range(n)]
            a = _mul(_mul(_transpose(q), dm), q)
            if _max_abs(a) > 12:
                continue
            wrong = self._misconceptions(a, target)
            # from difficulty 2 on, one of the shortcuts must give a wrong class
            if difficulty == 1 or wrong or attempt > 150:
                break
        form = difficulty == 3 and rng.random() < 0.5
        minors = [_det([row[:k] for row in a[:k]]) for k in range(1, n + 1)]
        squares = []
        for i in range(n):
            if d[i]:
                squares.append(
                    f"{latex_number(d[i]) if abs(d[i]) != 1 else ('-' if d[i] < 0 else '')}"
                    f"({_linear_form(q[i], [f'x_{j + 1}' for j in range(n)])})^2"
                )
        sum_of_squares = " + ".join(squares).replace("+ -", "- ") or "0"
        solution = [
            "Leading principal minors: "
            + ", ".join(f"$\\Delta_{k + 1} = {latex_number(m)}$" for k, m in enumerate(minors))
            + ".",
        ]
        if all(m > 0 for m in minors):
            solution.append(
                "All are positive, so $A$ is positive definite (Sylvester's criterion)."
            )
        elif all((m < 0) if k % 2 == 0 else (m > 0) for k, m in enumerate(minors)):
            solution.append("Their signs alternate starting with $-$, so $A$ is negative definite.")
        else:
            solution.append(
                "They do not settle it on their own (the criterion needs all of them "
                "nonzero), so complete the squares."
            )
        solution += [
            f"Completing the squares: $x^T A x = {sum_of_squares}$.",
            f"That is $A = Q^T D Q$ with $Q = {_lx(q)}$ invertible and $D$ = "
            f"diag({', '.join(str(v) for v in d)}). "
            "As $x$ ranges over all vectors so does $y = Qx$, and $x^T A x = y^T D y = \\sum_i "
            "d_i y_i^2$: "
            f"the signs of the $d_i$ decide (Sylvester's law of inertia). $A$ is **{target}**.",
        ]
        matrix_part = f"$$A = {_lx(a)}$$"
        text_part = named_grids([("A", a)])
        if form:
            subject = "the quadratic form"
            matrix_part = f"$$q(x) = {_quadratic_form(a, True)}$$"
            text_part = f"    q(x) = {_quadratic_form(a, False)}"
            solution.insert(
                0,
                f"The matrix of the form is $A = {_lx(a)}$ (half of each cross "
                "coefficient goes into each off-diagonal entry).",
            )
        else:
            subject = "the symmetric matrix A"
        ask = (
            f"Classify {subject}: answer one of positive definite, positive semidefinite, negative "
            "definite, negative semidefinite, indefinite (the most specific that holds)."
        )
        hints = [
            "Look at the signs of the eigenvalues, or complete the squares in xᵀ A x.",
            "Sylvester's criterion: positive definite exactly when all leading principal minors "
            "are "
            "positive. The diagonal and the determinant alone do not decide.",
        ]
        if form:
            hints.insert(0, "Write the symmetric matrix A with q(x) = xᵀ A x first.")
        return Draft(
            prompt=f"{ask}\n\n{matrix_part}",
            text=f"{ask}\n\n{text_part}",
            kind="choice",
            expected=target,
            data={"A": _json(a), "form": form},
            hints=hints[:3],
            solution="\n\n".join(solution),
            misconceptions=self._misconceptions(a, target),
            choices=list(DEFINITENESS),
        )

    def _misconceptions(self, a: Matrix, target: str) -> list[Misconception]:
        n = len(a)
        return _dedupe(
            target,
            [
                Misconception(
                    "misconception:determinant-only",
                    _determinant_only(a),
                    f"The determinant is the product of the eigenvalues ({format_number(_det(a))} "
                    "here): "
                    "its sign alone cannot tell which eigenvalues are positive or negative.",
                ),
                Misconception(
                    "misconception:diagonal-signs",
                    _by_entries([a[i][i] for i in range(n)]),
                    "The diagonal entries are the values of xᵀAx at the unit vectors only; the "
                    "off-diagonal entries can make the form change sign elsewhere.",
                ),
                Misconception(
                    "misconception:entry-signs",
                    _by_entries([v for row in a for v in row]),
                    "Definiteness is about the sign of xᵀAx for every x (the eigenvalues), not the "
                    "signs of the entries.",
                ),
            ],
        )


# ---------------------------------------------------------------------------------------
# linalg.projection
# ---------------------------------------------------------------------------------------


def _projector(a: Matrix) -> Matrix:
    """A (AᵀA)⁻¹ Aᵀ for a matrix with independent columns."""
    gram_inv = _inverse(_mul(_transpose(a), a))
    assert gram_inv is not None
    return _mul(_mul(a, gram_inv), _transpose(a))


def _independent_columns(rng: np.random.Generator, m: int, k: int, max_gram_det: int) -> Matrix:
    """m×k integer columns, independent, not orthogonal, with a small Gram determinant."""
    while True:
        a = _ints(rng, m, k, -2, 2)
        cols = _transpose(a)
        gram = _mul(cols, a)
        det = _det(gram)
        if det == 0 or det > max_gram_det or any(not any(c) for c in cols):
            continue
        if k > 1 and all(gram[i][j] == 0 for i in range(k) for j in range(k) if i != j):
            continue
        return a


@register
class Projection(Generator):
    """Orthogonal projections with exact fractions: onto a vector, onto a column space, and
    the projection matrix A (AᵀA)⁻¹ Aᵀ."""

    skill = "linalg.projection"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._onto_vector(rng)
        if difficulty == 2:
            return self._onto_line_matrix(rng) if rng.random() < 0.5 else self._onto_columns(rng, 3)
        return self._matrix(rng) if rng.random() < 0.6 else self._onto_columns(rng, 4)

    def _onto_vector(self, rng: np.random.Generator) -> Draft:
        n = _pick(rng, [2, 3])
        while True:
            a = [Fraction(_int(rng, -3, 3)) for _ in range(n)]
            b = [Fraction(_int(rng, -4, 4)) for _ in range(n)]
            if any(a) and _dot(a, b) != 0 and not _proportional(a, b):
                break
        ab, aa, bb = _dot(a, b), _dot(a, a), _dot(b, b)
        p = [ab / aa * x for x in a]
        expected = vector_text(p)
        wrong = _dedupe(
            expected,
            [
                Misconception(
                    "misconception:projected-wrong-way",
                    vector_text([ab / bb * x for x in b]),
                    "That is the projection of a onto b. Projecting b onto a gives a multiple of "
                    "a.",
                ),
                Misconception(
                    "misconception:coefficient-only",
                    format_number(ab / aa),
                    "That is the coefficient (a·b)/(a·a); the projection is that number times a.",
                ),
                Misconception(
                    "misconception:unnormalised",
                    vector_text([ab * x for x in a]),
                    f"Divide by a·a = {format_number(aa)}: p = (a·b / a·a) a.",
                ),
            ],
        )
        solution = [
            f"$a \\cdot b = {latex_number(ab)}$ and $a \\cdot a = {latex_number(aa)}$.",
            f"$$p = \\frac{{a \\cdot b}}{{a \\cdot a}}\\, a = {latex_number(ab / aa)} {_lvec(a)} "
            f"= {_lvec(p)}$$",
            f"Check: $b - p = {_lvec([y - x for x, y in zip(p, b, strict=True)])}$ is orthogonal "
            "to $a$.",
        ]
        ask = "Find the orthogonal projection p of b onto the line spanned by a."
        return Draft(
            prompt=f"{ask}\n\n$$a = {_lvec(a)}, \\quad b = {_lvec(b)}$$",
            text=f"{ask}\n\n{named_grids([('a', [[x] for x in a]), ('b', [[x] for x in b])])}",
            kind="matrix",
            expected=expected,
            data={"a": _json_vec(a), "b": _json_vec(b), "ask": "vector-onto-vector"},
            hints=[
                "p is a multiple of a, chosen so that b − p is orthogonal to a.",
                "p = (a·b / a·a) a.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _onto_line_matrix(self, rng: np.random.Generator) -> Draft:
        while True:
            a = [Fraction(_int(rng, -2, 2)) for _ in range(3)]
            if sum(1 for x in a if x) >= 2:
                break
        aa = _dot(a, a)
        outer = [[x * y for y in a] for x in a]
        p = _scaled(outer, 1 / aa)
        expected = matrix_text(p)
        wrong = _dedupe(
            expected,
            [
                Misconception(
                    "misconception:unnormalised",
                    matrix_text(outer),
                    f"a aᵀ must be divided by aᵀa = {format_number(aa)}, so that P a = a.",
                ),
                Misconception(
                    "misconception:complement",
                    matrix_text(_add(_identity(3), p, -1)),
                    "That is I − P, the projection onto the plane orthogonal to a.",
                ),
            ],
        )
        solution = [
            f"$$P = \\frac{{a a^T}}{{a^T a}} = \\frac{{1}}{{{latex_number(aa)}}} {_lx(outer)} = "
            f"{_lx(p)}$$",
            "Check: $P^2 = P$, $P^T = P$ and $P a = a$.",
        ]
        ask = "Find the 3×3 matrix P of the orthogonal projection onto the line spanned by a."
        return Draft(
            prompt=f"{ask}\n\n$$a = {_lvec(a)}$$",
            text=f"{ask}\n\n{named_grids([('a', [[x] for x in a])])}",
            kind="matrix",
            expected=expected,
            data={"a": _json_vec(a), "ask": "line-matrix"},
            hints=["P x = (aᵀx / aᵀa) a for every x.", "P = a aᵀ / (aᵀ a)."],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _onto_columns(self, rng: np.random.Generator, m: int) -> Draft:
        while True:
            a = _independent_columns(rng, m, 2, 40 if m == 3 else 60)
            b = [Fraction(_int(rng, -4, 4)) for _ in range(m)]
            if _rank([*map(list, _augmented(a, b))]) == 3:  # b outside the column space
                break
        at = _transpose(a)
        gram = _mul(at, a)
        atb = _flat(_mul(at, _column(b)))
        coef = _flat(_mul(_inverse(gram), _column(atb)))  # type: ignore[arg-type]
        p = _flat(_mul(a, _column(coef)))
        expected = vector_text(p)
        separately = [
            sum((_dot(c, b) / _dot(c, c) * c[i] for c in at), Fraction(0)) for i in range(m)
        ]
        wrong = _dedupe(
            expected,
            [
                Misconception(
                    "misconception:column-by-column",
                    vector_text(separately),
                    "Adding the projections onto each column works only for orthogonal columns; "
                    "these are not, so solve the normal equations AᵀA x̂ = Aᵀb.",
                ),
                Misconception(
                    "misconception:residual",
                    vector_text([y - x for x, y in zip(p, b, strict=True)]),
                    "That is b − p, the part of b orthogonal to the column space.",
                ),
            ],
        )
        solution = [
            f"Normal equations: $A^T A = {_lx(gram)}$, $A^T b = {_lvec(atb)}$.",
            f"Solve $A^T A\\,\\hat x = A^T b$: $\\hat x = {_lvec(coef)}$.",
            f"$$p = A \\hat x = {_lvec(p)}$$",
            f"Check: $b - p = {_lvec([y - x for x, y in zip(p, b, strict=True)])}$ is orthogonal "
            "to both columns.",
        ]
        ask = "Find the orthogonal projection p of b onto the column space of A."
        return Draft(
            prompt=f"{ask}\n\n$$A = {_lx(a)}, \\quad b = {_lvec(b)}$$",
            text=f"{ask}\n\n{named_grids([('A', a), ('b', [[x] for x in b])])}",
            kind="matrix",
            expected=expected,
            data={"A": _json(a), "b": _json_vec(b), "ask": "vector-onto-columns"},
            hints=[
                "p = A x̂ where x̂ solves the normal equations AᵀA x̂ = Aᵀb.",
                "The columns of A are not orthogonal: projecting onto each separately does not "
                "add up.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    def _matrix(self, rng: np.random.Generator) -> Draft:
        m = _pick(rng, [3, 4])
        a = _independent_columns(rng, m, 2, 30)
        at = _transpose(a)
        gram = _mul(at, a)
        gram_inv = _inverse(gram)
        assert gram_inv is not None
        p = _mul(_mul(a, gram_inv), at)
        expected = matrix_text(p)
        separately = [
            [sum((c[i] * c[j] / _dot(c, c) for c in at), Fraction(0)) for j in range(m)]
            for i in range(m)
        ]
        wrong = _dedupe(
            expected,
            [
                Misconception(
                    "misconception:inverse-distributed",
                    matrix_text(_identity(m)),
                    "(AᵀA)⁻¹ = A⁻¹A⁻ᵀ holds only for square invertible A; a non-square A has no "
                    "inverse, and P = I only when the columns span everything.",
                ),
                Misconception(
                    "misconception:gram-not-inverted",
                    matrix_text(_mul(_mul(a, gram), at)),
                    "The middle factor is the inverse (AᵀA)⁻¹, not AᵀA.",
                ),
                Misconception(
                    "misconception:column-by-column",
                    matrix_text(separately),
                    "Adding the projections onto each column works only for orthogonal columns.",
                ),
                Misconception(
                    "misconception:complement",
                    matrix_text(_add(_identity(m), p, -1)),
                    "That is I − P, the projection onto the orthogonal complement.",
                ),
            ],
        )
        solution = [
            f"$A^T A = {_lx(gram)}$, with $\\det(A^T A) = {latex_number(_det(gram))}$ and "
            f"$(A^T A)^{{-1}} = {_lx(gram_inv)}$.",
            f"$$P = A (A^T A)^{{-1}} A^T = {_lx(p)}$$",
            "Check: $P^2 = P$, $P^T = P$, $P A = A$, and $\\operatorname{tr} P = 2$ (the "
            "dimension of the column space).",
        ]
        ask = "Find the matrix P of the orthogonal projection onto the column space of A."
        return Draft(
            prompt=f"{ask}\n\n$$A = {_lx(a)}$$",
            text=f"{ask}\n\n{named_grids([('A', a)])}",
            kind="matrix",
            expected=expected,
            data={"A": _json(a), "ask": "column-space-matrix"},
            hints=[
                "P = A (AᵀA)⁻¹ Aᵀ.",
                "Start with the 2×2 matrix AᵀA and invert it.",
                "Check your P: P² = P and tr P = 2.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )


# ---------------------------------------------------------------------------------------
# linalg.least-squares
# ---------------------------------------------------------------------------------------

#: The symbolic questions of difficulty 3: (objective in plain text, LaTeX, gradient,
#: misconceptions as (code, answer, feedback)).
GRADIENT_FORMS: dict[str, tuple[str, str, str, list[tuple[str, str, str]]]] = {
    "half-squared": (
        "f(x) = ½‖Ax − b‖²",
        r"f(x) = \tfrac12 \lVert Ax - b \rVert^2",
        "A^T A x - A^T b",
        [
            (
                "misconception:row-layout",
                "(A x - b)^T A",
                "That is the derivative as a row (1×n); the gradient has the shape of x: Aᵀ(Ax − "
                "b).",
            ),
            (
                "misconception:extra-factor",
                "2 A^T (A x - b)",
                "The ½ cancels the 2 from differentiating the square.",
            ),
        ],
    ),
    "squared": (
        "f(x) = ‖Ax − b‖²",
        r"f(x) = \lVert Ax - b \rVert^2",
        "2 A^T A x - 2 A^T b",
        [
            (
                "misconception:missing-factor",
                "A^T (A x - b)",
                "Differentiating the square gives a factor 2: ∇f = 2Aᵀ(Ax − b).",
            ),
            (
                "misconception:row-layout",
                "2 (A x - b)^T A",
                "That is the derivative as a row (1×n); the gradient has the shape of x.",
            ),
        ],
    ),
    "ridge": (
        "f(x) = ½‖Ax − b‖² + (3/2)‖x‖²",
        r"f(x) = \tfrac12 \lVert Ax - b \rVert^2 + \tfrac32 \lVert x \rVert^2",
        "A^T A x - A^T b + 3 x",
        [
            (
                "misconception:dropped-regulariser",
                "A^T (A x - b)",
                "The penalty (3/2)‖x‖² contributes 3x to the gradient.",
            ),
            (
                "misconception:regulariser-factor",
                "A^T (A x - b) + 3/2 x",
                "The gradient of ‖x‖² is 2x, so (3/2)‖x‖² contributes 3x.",
            ),
        ],
    ),
    "normal-solution": (
        "the minimiser x̂ of ‖Ax − b‖² (A has independent columns)",
        r"\hat x = \arg\min_x \lVert Ax - b \rVert^2 \text{ (the columns of } A \text{ are "
        r"independent)}",
        "(A^T A)^-1 A^T b",
        [
            (
                "misconception:missing-gram-inverse",
                "A^T b",
                "Aᵀb is only the right-hand side of the normal equations AᵀA x̂ = Aᵀb; multiply "
                "by (AᵀA)⁻¹.",
            )
        ],
    ),
}


@register
class LeastSquares(Generator):
    """Least squares by the normal equations, exact; and the gradient in symbols."""

    skill = "linalg.least-squares"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._fit(rng, points=3, degree=1)
        if difficulty == 2:
            return self._fit(rng, points=4, degree=1) if rng.random() < 0.4 else self._general(rng)
        if rng.random() < 0.5:
            return self._fit(rng, points=_pick(rng, [4, 5]), degree=2)
        return self._symbolic(rng)

    def _fit(self, rng: np.random.Generator, points: int, degree: int) -> Draft:
        while True:
            ts = sorted(int(t) for t in rng.choice(range(-2, 4), size=points, replace=False))
            ys = [_int(rng, -4, 6) for _ in range(points)]
            a = [[Fraction(t) ** k for k in range(degree + 1)] for t in ts]
            if (
                _rank([*map(list, _augmented(a, ys))]) == degree + 2
                and _det(_mul(_transpose(a), a)) <= 2000
            ):
                break
        draft = self._solve(
            a, [Fraction(y) for y in ys], coefficient_names=["c0", "c1", "c2"][: degree + 1]
        )
        model = "c0 + c1 t" if degree == 1 else "c0 + c1 t + c2 t²"
        model_latex = "c_0 + c_1 t" if degree == 1 else "c_0 + c_1 t + c_2 t^2"
        pts = ", ".join(f"({t}, {y})" for t, y in zip(ts, ys, strict=True))
        names = ", ".join(f"c{k}" for k in range(degree + 1))
        ask = f"Fit y = {model} to the points (t, y) = {pts} by least squares. Give [{names}]."
        ask_latex = (
            f"Fit $y = {model_latex}$ to the points $(t, y) = {pts}$ by least squares. "
            f"Give $[{', '.join(f'c_{k}' for k in range(degree + 1))}]$."
        )
        return Draft(
            **{
                **draft.__dict__,
                "prompt": ask_latex,
                "text": ask,
                "data": {**draft.data, "t": ts, "y": ys, "ask": f"fit-degree-{degree}"},
            }
        )

    def _general(self, rng: np.random.Generator) -> Draft:
        while True:
            a = _ints(rng, 4, 2, -2, 2)
            b = [Fraction(_int(rng, -4, 4)) for _ in range(4)]
            gram_det = _det(_mul(_transpose(a), a))
            if (
                all(any(row) for row in a)
                and gram_det != 0
                and gram_det <= 60
                and _rank([*map(list, _augmented(a, b))]) == 3
            ):
                break
        draft = self._solve(a, b, coefficient_names=None)
        ask = "Find the least-squares solution x̂ of A x = b (it minimises ‖Ax − b‖)."
        return Draft(
            **{
                **draft.__dict__,
                "prompt": f"{ask}\n\n$$A = {_lx(a)}, \\quad b = {_lvec(b)}$$",
                "text": f"{ask}\n\n{named_grids([('A', a), ('b', [[x] for x in b])])}",
                "data": {**draft.data, "ask": "solve"},
            }
        )

    def _solve(self, a: Matrix, b: list[Fraction], coefficient_names: list[str] | None) -> Draft:
        n = len(a[0])
        at = _transpose(a)
        gram = _mul(at, a)
        atb = _flat(_mul(at, _column(b)))
        gram_inv = _inverse(gram)
        assert gram_inv is not None
        x = _flat(_mul(gram_inv, _column(atb)))
        expected = vector_text(x)
        wrong = [
            Misconception(
                "misconception:missing-gram-inverse",
                vector_text(atb),
                "Aᵀb is the right-hand side of the normal equations; solve AᵀA x̂ = Aᵀb for x̂.",
            )
        ]
        square = _inverse(a[:n])
        if square is not None:
            wrong.append(
                Misconception(
                    "misconception:square-subsystem",
                    vector_text(_flat(_mul(square, _column(b[:n])))),
                    f"That solves only the first {n} equations exactly; least squares uses all of "
                    "them "
                    "through the normal equations AᵀA x̂ = Aᵀb.",
                )
            )
        if coefficient_names and n == 2:
            wrong.append(
                Misconception(
                    "misconception:swapped-coefficients",
                    vector_text(list(reversed(x))),
                    "The coefficients are in the order [c0, c1]: intercept first, then slope.",
                )
            )
        red = _row_reduce([*map(list, _augmented(gram, atb))], reduced=True, augmented=1)
        solution = [
            *(
                [
                    f"The design matrix has rows $[1, t_i{', t_i^2' if n == 3 else ''}]$: $A = "
                    f"{_lx(a)}$, "
                    f"$b = {_lvec(b)}$."
                ]
                if coefficient_names
                else []
            ),
            f"Normal equations $A^T A\\,\\hat x = A^T b$ with $A^T A = {_lx(gram)}$ and $A^T b = "
            f"{_lvec(atb)}$.",
            f"$${_lx_aug(_augmented(gram, atb), n)}$$",
            *_reduction_markdown(red, n),
            f"$$\\hat x = (A^T A)^{{-1}} A^T b = {_lvec(x)}$$",
            "The residual $b - A\\hat x = "
            f"{_lvec([bi - _dot(row, x) for row, bi in zip(a, b, strict=True)])}$ "
            "is orthogonal to every column of $A$.",
        ]
        return Draft(
            prompt="",
            text="",
            kind="matrix",
            expected=expected,
            data={"A": _json(a), "b": _json_vec(b)},
            hints=[
                "Multiply A x = b by Aᵀ: solve the normal equations AᵀA x̂ = Aᵀb.",
                f"AᵀA is {n}×{n}; it is invertible because the columns of A are independent.",
            ],
            solution="\n\n".join(solution),
            misconceptions=_dedupe(expected, wrong),
        )

    def _symbolic(self, rng: np.random.Generator) -> Draft:
        objective = _pick(rng, list(GRADIENT_FORMS))
        text_f, latex_f, expected, wrong = GRADIENT_FORMS[objective]
        if objective == "normal-solution":
            ask = f"Write {text_f} in terms of A and b."
            ask_latex = f"Write ${latex_f}$ in terms of $A$ and $b$."
            solution = [
                "Set the gradient $2A^T(Ax - b)$ to zero: $A^T A \\hat x = A^T b$ (the normal "
                "equations).",
                "With independent columns $A^T A$ is invertible, so $\\hat x = (A^T A)^{-1} A^T "
                "b$.",
            ]
        else:
            ask = f"Give the gradient ∇f(x) of {text_f}, where A is m×n, x is n×1 and b is m×1."
            ask_latex = (
                f"Give the gradient $\\nabla f(x)$ of ${latex_f}$, where $A$ is $m\\times n$, "
                "$x$ is $n \\times 1$ and $b$ is $m \\times 1$."
            )
            solution = [
                "Expand: $\\lVert Ax - b\\rVert^2 = x^T A^T A x - 2 b^T A x + b^T b$.",
                "Gradients (denominator layout, the shape of $x$): $\\nabla_x\\, x^T M x = (M + "
                "M^T) x = 2 A^T A x$ "
                "for the symmetric $M = A^T A$, and $\\nabla_x\\, b^T A x = A^T b$.",
                f"So $\\nabla f(x) = {expected.replace('^-1', '^{-1}')}$"
                + (
                    " (the $\\tfrac32\\lVert x\\rVert^2$ term adds $3x$)"
                    if objective == "ridge"
                    else ""
                )
                + ". Setting it to zero gives the normal equations.",
            ]
        return Draft(
            prompt=ask_latex,
            text=ask,
            kind="expression",
            expected=expected,
            data={"objective": objective, "ask": "symbolic"},
            hints=[
                "Expand the square: ‖Ax − b‖² = xᵀAᵀAx − 2bᵀAx + bᵀb.",
                "∇ₓ(xᵀMx) = (M + Mᵀ)x and ∇ₓ(cᵀx) = c; the gradient has the shape of x (n×1).",
            ],
            solution="\n\n".join(solution),
            misconceptions=[
                Misconception(code, answer, feedback) for code, answer, feedback in wrong
            ],
            shapes={"A": "mxn", "x": "n", "b": "m"}
            if objective != "normal-solution"
            else {"A": "mxn", "b": "m"},
        )


# ---------------------------------------------------------------------------------------
# linalg.svd
# ---------------------------------------------------------------------------------------

#: Orthogonal 2×2 blocks whose entries are p/q or ±1/√2: rotations and reflections.
PYTHAGOREAN = [(3, 4, 5), (4, 3, 5)]


def _signed_permutation(rng: np.random.Generator, n: int) -> list[list[float]]:
    order = _permutation(rng, n)
    return [
        [float(_pick(rng, [1, -1])) if j == order[i] else 0.0 for j in range(n)] for i in range(n)
    ]


def _plane_factor(
    rng: np.random.Generator, n: int, plane: tuple[int, int], block: str
) -> list[list[float]]:
    """An n×n orthogonal matrix: a 2×2 rotation or reflection in coordinates ``plane``
    (``block`` is "345" for entries 3/5, 4/5, or "45" for ±1/√2), rows then shuffled
    with signs."""
    import numpy as np

    if block == "345":
        p, q, h = _pick(rng, PYTHAGOREAN)
        c, s = p / h, q / h
    else:
        c = s = 1 / np.sqrt(2)
    rot = [[c, -s], [s, c]] if rng.random() < 0.5 else [[c, s], [s, -c]]
    m = np.eye(n)
    i, j = plane
    m[np.ix_([i, j], [i, j])] = rot
    return (np.array(_signed_permutation(rng, n)) @ m).tolist()


def _sqrt_text(value: int) -> str:
    root = isqrt(value)
    return str(root) if root * root == value else f"sqrt({value})"


def _sqrt_latex(value: int) -> str:
    root = isqrt(value)
    return str(root) if root * root == value else f"\\sqrt{{{value}}}"


@register
class SingularValues(Generator):
    """Singular values, norms and rank of A = U Σ Vᵀ with integer-friendly orthogonal U, V
    (signed permutations, 3-4-5 rotations, 45° rotations on both sides), so A is integer
    and the singular values are integers."""

    skill = "linalg.svd"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        import numpy as np

        if difficulty == 1:
            m, n = _pick(rng, [(2, 2), (2, 3), (3, 2)])
            pattern, ask = "perm", "values"
        elif difficulty == 2:
            m, n = 2, 2
            pattern = _pick(rng, ["45", "345U", "345V"])
            ask = _pick(rng, ["values", "values", "values", "norm-2", "norm-fro"])
        else:
            m, n = _pick(rng, [(3, 3), (3, 2), (2, 3), (3, 3)])
            ask = _pick(rng, ["values", "norm-2", "norm-fro", "rank"])
            patterns = ["45", "345U", "345V"] + ([] if ask == "rank" else ["perm"])
            pattern = _pick(rng, patterns)
        k = min(m, n)
        while True:
            plane = tuple(sorted(int(v) for v in rng.choice(k, size=2, replace=False)))
            sigma = self._draw_sigma(
                rng,
                k,
                pattern,
                plane,
                zero=ask == "rank" or (difficulty == 3 and rng.random() < 0.3),
            )
            u = _signed_permutation(rng, m) if pattern in ("perm", "345V") else None
            v = _signed_permutation(rng, n) if pattern in ("perm", "345U") else None
            if pattern == "45":
                u, v = _plane_factor(rng, m, plane, "45"), _plane_factor(rng, n, plane, "45")
            elif pattern == "345U":
                u = _plane_factor(rng, m, plane, "345")
            elif pattern == "345V":
                v = _plane_factor(rng, n, plane, "345")
            s = np.zeros((m, n))
            s[range(k), range(k)] = sigma
            product = np.array(u) @ s @ np.array(v).T
            rounded = np.rint(product)
            if np.abs(product - rounded).max() > 1e-9 or np.abs(rounded).max() > 15:
                continue
            break
        a = [[Fraction(int(x)) for x in row] for row in rounded.tolist()]
        values = sorted(sigma, reverse=True)
        return self._draft(a, values, ask, pattern, difficulty)

    def _draw_sigma(
        self, rng: np.random.Generator, k: int, pattern: str, plane: tuple[int, ...], zero: bool
    ) -> list[int]:
        while True:
            sigma = [_int(rng, 1, 7) for _ in range(k)]
            if pattern.startswith("345"):
                for i in plane:
                    sigma[i] = 5 * _int(rng, 1, 3)
            if zero:
                sigma[_int(rng, 0, k - 1)] = 0
            if pattern == "45" and (sigma[plane[0]] - sigma[plane[1]]) % 2:
                continue
            if len(set(sigma)) == k:
                return sigma

    def _draft(
        self, a: Matrix, values: list[int], ask: str, pattern: str, difficulty: int
    ) -> Draft:
        import numpy as np

        m, n = len(a), len(a[0])
        k = min(m, n)
        at = _transpose(a)
        gram, gram_name = (_mul(at, a), "A^T A") if n <= m else (_mul(a, at), "A A^T")
        squares = [v * v for v in values]
        fro_sq = sum(squares)
        rank = sum(1 for v in values if v)
        if ask == "values":
            kind, expected = "sequence", _list_text(values)
            question = (
                f"Find the singular values of A, all {k} of them (including any zeros), "
                "in decreasing order, separated by commas."
            )
            wrong = []
            entries = sorted((x for row in a for x in row if x), reverse=True)
            if pattern == "perm" and any(x < 0 for x in entries):
                wrong.append(
                    Misconception(
                        "misconception:kept-signs",
                        _list_text(entries),
                        "Singular values are never negative: they are the lengths |σ| the matrix "
                        "stretches by; the signs belong to U and V.",
                    )
                )
            wrong.append(
                Misconception(
                    "misconception:increasing-order",
                    _list_text(list(reversed(values))),
                    "Singular values are listed in decreasing order, σ₁ ≥ σ₂ ≥ … ≥ 0.",
                )
            )
            wrong.append(
                Misconception(
                    "misconception:squared-singular-values",
                    _list_text(squares),
                    f"Those are the eigenvalues of {gram_name.replace('^T', 'ᵀ')}, i.e. σ²; take "
                    "square roots.",
                )
            )
            if m == n:
                eig = np.linalg.eigvals(np.array(a, dtype=float))
                if np.all(np.abs(eig.imag) < 1e-9) and np.all(
                    np.abs(eig.real - np.rint(eig.real)) < 1e-9
                ):
                    wrong.append(
                        Misconception(
                            "misconception:eigenvalues-for-singular-values",
                            _list_text(sorted((int(x) for x in np.rint(eig.real)), reverse=True)),
                            "Those are the eigenvalues of A. Singular values are the square roots "
                            "of the "
                            f"eigenvalues of {gram_name.replace('^T', 'ᵀ')}; they agree only for "
                            "symmetric "
                            "positive semidefinite A.",
                        )
                    )
            answer_latex = ", ".join(str(v) for v in values)
        elif ask == "norm-2":
            kind, expected = "number", str(values[0])
            question = (
                "Find the spectral norm ‖A‖₂ (the largest factor by which A stretches a vector)."
            )
            wrong = [
                Misconception(
                    "misconception:largest-entry",
                    format_number(_max_abs(a)),
                    "‖A‖₂ is the largest singular value σ₁, not the largest entry.",
                ),
                Misconception(
                    "misconception:frobenius-for-spectral",
                    _sqrt_text(fro_sq),
                    "That is the Frobenius norm √(Σσᵢ²); the spectral norm is σ₁ alone.",
                ),
                Misconception(
                    "misconception:squared-norm",
                    str(squares[0]),
                    f"That is σ₁², the largest eigenvalue of {gram_name.replace('^T', 'ᵀ')}; take "
                    "its square root.",
                ),
            ]
            answer_latex = f"\\lVert A \\rVert_2 = \\sigma_1 = {values[0]}"
        elif ask == "norm-fro":
            kind, expected = "number", _sqrt_text(fro_sq)
            question = "Find the Frobenius norm ‖A‖_F."
            wrong = [
                Misconception(
                    "misconception:nuclear-for-frobenius",
                    str(sum(values)),
                    "That is the sum of the singular values (the nuclear norm); ‖A‖_F = √(Σσᵢ²).",
                ),
                Misconception(
                    "misconception:missing-root",
                    str(fro_sq),
                    "That is ‖A‖_F², the sum of the squares; take the square root.",
                ),
                Misconception(
                    "misconception:spectral-for-frobenius",
                    str(values[0]),
                    "That is the spectral norm σ₁; the Frobenius norm uses all singular values.",
                ),
            ]
            terms = " + ".join(str(v) for v in squares)
            answer_latex = f"\\lVert A \\rVert_F = \\sqrt{{{terms}}} = {_sqrt_latex(fro_sq)}"
        else:
            kind, expected = "number", str(rank)
            question = "Find the rank of A from its singular values."
            wrong = [
                Misconception(
                    "misconception:full-rank-assumed",
                    str(k),
                    "The rank counts the nonzero singular values; a zero one lowers it.",
                )
            ]
            answer_latex = f"\\operatorname{{rank}} A = {rank}"
        coeffs = _char_poly(gram)
        size = len(gram)
        gram_values = sorted(squares + [0] * (size - k), reverse=True)
        solution = [
            "The singular values are the square roots of the eigenvalues of the smaller Gram "
            "matrix "
            f"$G = {gram_name} = {_lx(gram)}$.",
            f"Its characteristic polynomial is ${_poly_latex(coeffs)} = "
            f"{_factored_latex(gram_values)}$, so "
            f"its eigenvalues are ${', '.join(str(g) for g in gram_values)}$ "
            f"(check: their sum is $\\operatorname{{tr}} G = {fro_sq}$).",
            f"Hence $\\sigma = {', '.join(str(v) for v in values)}$.",
            f"$${answer_latex}$$",
        ]
        if ask == "norm-fro":
            solution.append(f"(Directly: the sum of the squared entries of $A$ is also {fro_sq}.)")
        hints = [
            "The singular values are the square roots of the eigenvalues of "
            f"{gram_name.replace('^T', 'ᵀ')}.",
            {
                "values": "List them from largest to smallest; they are never negative.",
                "norm-2": "‖A‖₂ is the largest singular value σ₁.",
                "norm-fro": "‖A‖_F² = Σ aᵢⱼ² = Σ σᵢ².",
                "rank": "The rank is the number of nonzero singular values.",
            }[ask],
        ]
        if difficulty == 1:
            hints.insert(
                0,
                "Each row and column of A has at most one nonzero entry: A is a signed "
                "permutation times a diagonal.",
            )
        return Draft(
            prompt=f"{question}\n\n$$A = {_lx(a)}$$",
            text=f"{question}\n\n{named_grids([('A', a)])}",
            kind=kind,
            expected=expected,
            data={"A": _json(a), "ask": ask},
            hints=hints[:3],
            solution="\n\n".join(solution),
            misconceptions=_dedupe(expected, wrong),
            tolerance=1e-4 if "sqrt" in expected else None,
        )
