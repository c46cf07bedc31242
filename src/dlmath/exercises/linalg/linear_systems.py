"""linalg.linear-systems: solve or classify linear systems built with a chosen rank and a
chosen outcome: a unique solution, how many solutions, a parameter k, the whole
solution set."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.kit import (
    Cell,
    FractionMatrix,
    adjugate,
    augmented_matrix,
    column,
    column_entries,
    determinant,
    draw_int,
    fraction_matrix,
    identity,
    inverse,
    json_matrix,
    json_vector,
    latex_augmented,
    latex_column,
    linear_form,
    mat_mul,
    max_abs,
    permutation,
    pick,
    rank,
    reduction_markdown,
    row_reduce,
    row_term,
    transpose,
    unimodular,
)
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_number, vector_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


OUTCOMES = ["unique", "none", "infinitely many"]


def _redrawn_nonzero(rng: np.random.Generator, lo: int, hi: int) -> int:
    """A nonzero integer in lo..hi, drawn again until it is nonzero (not the same draws
    as ``matrices.nonzero_int``, so the two are not interchangeable)."""
    while True:
        value = draw_int(rng, lo, hi)
        if value:
            return value


def _with_rank(rng: np.random.Generator, m: int, n: int, r: int, bound: int = 2) -> FractionMatrix:
    """An m×n integer matrix of rank exactly r, entries at most 9, no zero row."""
    while True:
        a = mat_mul(
            fraction_matrix(rng, m, r, -bound, bound), fraction_matrix(rng, r, n, -bound, bound)
        )
        if max_abs(a) <= 9 and rank(a) == r and all(any(row) for row in a):
            return a


def _diag_scaled(rng: np.random.Generator, n: int) -> FractionMatrix:
    """The identity with one diagonal entry in ±1, ±2, 3: a factor that gives 3×3 systems
    small determinants other than ±1 (and so fractional solutions)."""
    d = identity(n)
    i = draw_int(rng, 0, n - 1)
    d[i][i] = Fraction(pick(rng, [1, -1, 2, -2, 3]))
    return d


def _counting_outcome(m: int, n: int) -> str:
    return "unique" if m == n else ("infinitely many" if m < n else "none")


def _variables(n: int) -> tuple[list[str], list[str]]:
    """Unknowns of a system as (plain text, LaTeX): x, y, z, or x1…x4 beyond three."""
    if n <= 3:
        names = ["x", "y", "z"][:n]
        return names, names
    return [f"x{i + 1}" for i in range(n)], [f"x_{{{i + 1}}}" for i in range(n)]


def _equations(a: Sequence[Sequence[Cell]], b: Sequence[Cell], n: int) -> tuple[str, str]:
    text_names, latex_names = _variables(n)
    text_lines = [
        f"{linear_form(row, text_names)} = {format_number(rhs)}"
        for row, rhs in zip(a, b, strict=True)
    ]
    latex_lines = [
        f"{linear_form(row, latex_names)} &= {latex_number(rhs)}"
        for row, rhs in zip(a, b, strict=True)
    ]
    latex = r"$$\begin{aligned} " + r" \\ ".join(latex_lines) + r" \end{aligned}$$"
    return "\n".join("    " + line for line in text_lines), latex


def _elimination(target: int, factor: int | Fraction, source: int) -> str:
    """``R_3 \\leftarrow R_3 - 2R_1``, or '' when the factor is zero."""
    if factor == 0:
        return ""
    sign = "-" if factor > 0 else "+"
    return f"R_{target} \\leftarrow R_{target} {sign} {row_term(abs(Fraction(factor)), source)}"


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
                fraction_matrix(rng, n, n, -4, 4)
                if n == 2
                else mat_mul(unimodular(rng, n, 2), _diag_scaled(rng, n))
            )
            det = determinant(a)
            if det == 0 or abs(det) > 6 or max_abs(a) > 9 or any(not any(row) for row in a):
                continue
            inv = inverse(a)
            assert inv is not None
            if integer:
                x = column([draw_int(rng, -4, 4) for _ in range(n)])
                b = mat_mul(a, x)
            else:
                b = column([draw_int(rng, -6, 6) for _ in range(n)])
                x = mat_mul(inv, b)
                if all(v.denominator == 1 for v in column_entries(x)) or max_abs(x) > 6:
                    continue
            if max_abs(b) <= 30 and any(column_entries(x)):
                break
        xs, bs = column_entries(x), column_entries(b)
        expected = vector_text(xs)
        wrong = []
        if any(a[i][j] != a[j][i] for i in range(n) for j in range(n)):
            wrong.append(
                Misconception(
                    "misconception:cofactor-not-transposed",
                    vector_text(column_entries(mat_mul(transpose(inv), b))),
                    "The inverse is the adjugate over the determinant, and the adjugate is the "
                    "*transposed* cofactor matrix: you used A⁻ᵀ b instead of A⁻¹ b.",
                )
            )
        if abs(det) != 1:
            wrong.append(
                Misconception(
                    "misconception:forgot-determinant",
                    vector_text(column_entries(mat_mul(adjugate(a), b))),
                    f"A⁻¹ = adj(A) / det A: divide by det A = {format_number(det)}.",
                )
            )
        text_eqs, latex_eqs = _equations(a, bs, n)
        names, _ = _variables(n)
        red = row_reduce([*map(list, augmented_matrix(a, bs))], reduced=True, augmented=1)
        solution = [
            f"$\\det A = {latex_number(det)} \\neq 0$, so there is exactly one solution. "
            "Row-reduce the augmented matrix $[A \\mid b]$ to reduced echelon form:",
            f"$${latex_augmented(augmented_matrix(a, bs), n)}$$",
            *reduction_markdown(red, n),
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
            data={"A": json_matrix(a), "b": json_vector(bs), "ask": "solve"},
            hints=[
                "Eliminate one unknown at a time (or row-reduce [A | b]).",
                f"det A = {format_number(det)} is not zero, so the solution is unique.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
        )

    # -- how many solutions --------------------------------------------------------------

    def _classify(self, rng: np.random.Generator) -> Draft:
        m, n = pick(rng, [(3, 3), (3, 3), (2, 3), (3, 2)])
        options = {
            (3, 3): ["unique", "none", "none", "infinitely many", "infinitely many"],
            (2, 3): ["none", "none", "infinitely many"],
            (3, 2): ["unique", "unique", "none", "infinitely many"],
        }[(m, n)]
        outcome = pick(rng, options)
        if outcome == "unique":
            r = n
        elif (m, n) == (3, 3):
            r = 2
        elif (m, n) == (2, 3):
            r = 1 if outcome == "none" else pick(rng, [1, 2])
        else:
            r = 1 if outcome == "infinitely many" else pick(rng, [1, 2])
        while True:
            a = _with_rank(rng, m, n, r)
            x0 = column([draw_int(rng, -3, 3) for _ in range(n)])
            b = column_entries(mat_mul(a, x0))
            if outcome == "none":
                b = [v + draw_int(rng, -2, 2) for v in b]
            rank_ab = rank([*map(list, augmented_matrix(a, b))])
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
        red = row_reduce([*map(list, augmented_matrix(a, b))], augmented=1)
        aug = augmented_matrix(a, b)
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
            f"$${latex_augmented(aug, n)}$$",
            *reduction_markdown(red, n),
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
            data={"A": json_matrix(a), "b": json_vector(b), "ask": "classify"},
            hints=[
                "Row-reduce the augmented matrix [A | b].",
                "No solution when rank [A | b] > rank A; otherwise unique exactly when rank A "
                "equals the number of unknowns.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
            choices=list(OUTCOMES),
        )

    # -- a parameter k -------------------------------------------------------------------

    def _parameter(self, rng: np.random.Generator) -> Draft:
        ask = pick(rng, ["none", "infinitely many"])
        while True:
            p, q, r_ = (draw_int(rng, -3, 3) for _ in range(3))
            l21, l31, l32 = (draw_int(rng, -2, 2) for _ in range(3))
            k0 = l31 * q + l32 * r_
            if k0 == 0 or abs(k0) > 9:
                continue
            c = [
                draw_int(rng, -4, 4),
                draw_int(rng, -4, 4),
                _redrawn_nonzero(rng, -3, 3) if ask == "none" else 0,
            ]
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
        order = permutation(rng, 3)
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
            f"$${ops}: \\quad {latex_augmented(m, 3)}$$"
            for ops, m in ((ops1, step1), (ops2, final))
            if ops
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
            f"$${latex_augmented([[*rows[i], b[i]] for i in range(3)], 3)}$$",
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
            data={
                "A": json_matrix(a_shown),
                "b": json_vector(b_shown),
                "ask": ask,
                "parameter": "k",
            },
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
        m, n = pick(rng, [(2, 3), (3, 3), (3, 4)])
        r = n - 1
        free = draw_int(rng, 0, n - 1)
        pivots = [j for j in range(n) if j != free]
        while True:
            v = [draw_int(rng, -3, 3) for _ in range(r)]
            if not any(v):
                continue
            reduced = [[Fraction(0)] * n for _ in range(r)]
            for i, j in enumerate(pivots):
                reduced[i][j] = Fraction(1)
                reduced[i][free] = Fraction(v[i])
            mix = unimodular(rng, r, 3) if m == r else _with_rank(rng, m, r, r)
            a = mat_mul(mix, reduced)
            c = [draw_int(rng, -4, 4) for _ in range(r)]
            b = column_entries(mat_mul(mix, column(c)))
            if max_abs(a) <= 9 and max(abs(x) for x in b) <= 20 and all(any(row) for row in a):
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
        wrong = [
            Misconception(
                "misconception:homogeneous-only",
                family([Fraction(0)] * n, direction),
                "That is the solution set of A x = 0 only; add a particular solution of A x = b.",
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
        ]
        text_eqs, latex_eqs = _equations(a, b, n)
        # the free unknown's column goes last, so the pivots land on the others
        columns = [*pivots, free]
        permuted = [[row[j] for j in columns] for row in a]
        red = row_reduce([*map(list, augmented_matrix(permuted, b))], reduced=True, augmented=1)
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
            f"$${latex_augmented(augmented_matrix(permuted, b), n)}$$",
            *reduction_markdown(red, n),
            f"Every unknown but ${latex_names[free]}$ has a pivot. With ${latex_names[free]} = t$ "
            f"the rows read {rows_read}, so",
            "$$x = "
            + latex_column(
                [_affine_latex(p, d) for p, d in zip(particular, direction, strict=True)]
            )
            + " = "
            + latex_column(particular)
            + " + t\\,"
            + latex_column(direction)
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
            data={"A": json_matrix(a), "b": json_vector(b), "ask": "solution-set", "free": free},
            hints=[
                "Row-reduce [A | b] to reduced echelon form.",
                f"Set {names[free]} = t and express every pivot variable in terms of t.",
                "The answer is a particular solution plus t times a solution of A x = 0.",
            ],
            solution="\n\n".join(solution),
            misconceptions=wrong,
            shapes={"t": "1x1"},
        )
