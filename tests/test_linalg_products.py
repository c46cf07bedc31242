"""Linear-algebra product generators: every expected answer against an independent
oracle (NumPy, SymPy on the drawn data), the checker's view of each answer, and
determinism of exercise ids."""

from __future__ import annotations

import importlib
import json
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlmath.exercises import exercise
from dlmath.exercises.base import ANSWER_KINDS

SKILLS = [
    "linalg.vectors",
    "linalg.matmul",
    "linalg.shapes",
    "linalg.transpose-inverse-rules",
    "linalg.inverse",
    "linalg.determinant",
    "linalg.trace",
]

seeds = st.integers(0, 10**6)
difficulties = st.sampled_from([1, 2, 3])


def check_answer():
    """The checker's ``check_answer``, or skip while it has not landed."""
    module = importlib.import_module("dlmath.checker")
    function = getattr(module, "check_answer", None)
    if function is None:
        pytest.skip("dlmath.checker.check_answer is not available yet")
    return function


def exact_matrix(text: str) -> list[list[Fraction]]:
    """Read ``[[1, -3/4], [0, 2]]`` (the generators' own output format) exactly."""
    assert re.fullmatch(r"\[\[.*\]\]", text), text
    rows = text[2:-2].split("], [")
    return [[Fraction(cell.strip()) for cell in row.split(",")] for row in rows]


def semicolon_form(text: str) -> str:
    """``[[1, 2], [3, 4]]`` written as ``[1 2; 3 4]`` (a single row as ``[[1 2]]``, a
    single entry as ``[5]``)."""
    rows = exact_matrix(text)
    if len(rows) == len(rows[0]) == 1:
        return f"[{rows[0][0]}]"
    if len(rows) == 1:
        return "[[" + " ".join(map(str, rows[0])) + "]]"
    return "[" + "; ".join(" ".join(map(str, row)) for row in rows) + "]"


def number_value(text: str) -> float:
    """The value of an expected number such as ``3*sqrt(2)`` or ``-5/(6*sqrt(13))``,
    read by the expression core (not by the generators)."""
    from dlmath.expr import parse
    from dlmath.expr.evaluate import evaluate

    value = evaluate(parse(text))
    assert value.shape == (1, 1), text
    return float(value[0, 0])


FACTOR = re.compile(r"([A-Z])(\^T|\^-1|\^-T)?")


def factor_product(text: str, env: dict[str, np.ndarray]) -> np.ndarray:
    """Evaluate a product of factors like ``C^T B^-1 A^-T`` with NumPy."""
    result = None
    for token in text.split():
        match = FACTOR.fullmatch(token)
        assert match, (text, token)
        m = env[match.group(1)]
        suffix = match.group(2)
        if suffix == "^T":
            m = m.T
        elif suffix == "^-1":
            m = np.linalg.inv(m)
        elif suffix == "^-T":
            m = np.linalg.inv(m).T
        result = m if result is None else result @ m
    return result


def alternative_factors(text: str) -> str:
    """``B^T A^-1 C^-T`` written another way: ``B' * inv(A) * (C^{-1})'``."""
    words = []
    for token in text.split():
        name, suffix = token[0], token[1:]
        words.append(
            {"": name, "^T": f"{name}'", "^-1": f"inv({name})", "^-T": f"({name}^{{-1}})'"}[suffix]
        )
    return " * ".join(words)


def random_env(shapes: dict[str, str], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random matrices of the declared symbolic shapes (well-conditioned when square)."""
    sizes: dict[str, int] = {}
    env = {}
    for name, shape in shapes.items():
        dims = shape.split("x")
        for d in dims:
            sizes.setdefault(d, int(rng.integers(2, 6)))
        r, c = (sizes[d] for d in dims)
        m = rng.normal(size=(r, c))
        env[name] = m + 3 * np.eye(r) if r == c else m
    return env


def evaluate_tree(tree, env: dict[str, np.ndarray]) -> np.ndarray:
    """The transpose-inverse exercise's expression tree, evaluated with NumPy."""
    if isinstance(tree, str):
        return env[tree]
    op, child = tree
    if op == "mul":
        result = evaluate_tree(child[0], env)
        for c in child[1:]:
            result = result @ evaluate_tree(c, env)
        return result
    value = evaluate_tree(child, env)
    return value.T if op == "T" else np.linalg.inv(value)


def shape_value(text: str):
    """``3x4`` -> (3, 4), ``(8, 3, 5)`` -> (8, 3, 5), ``(3,)`` -> (3,), undefined -> None."""
    if text == "undefined":
        return None
    if "x" in text:
        return tuple(int(p) for p in text.split("x"))
    assert text.startswith("(") and text.endswith(")"), text
    return tuple(int(p) for p in text[1:-1].split(",") if p.strip())


def other_number_form(ex) -> str:
    """The expected number written differently: a decimal, or an unreduced fraction."""
    value = Fraction(ex.expected) if re.fullmatch(r"-?\d+(/\d+)?", ex.expected) else None
    if value is not None:
        return f"{2 * value.numerator}/{2 * value.denominator}"
    return f"{number_value(ex.expected):.7g}"


def other_forms(ex) -> list[str]:
    """Two or more ways of writing the expected answer that the checker must accept."""
    if ex.expected == "undefined":
        return ["undefined", "DNE"]
    if ex.kind == "matrix":
        return [ex.expected, semicolon_form(ex.expected)]
    if ex.kind == "number":
        return [ex.expected, other_number_form(ex)]
    if ex.kind == "shape":
        shape = shape_value(ex.expected)
        return [ex.expected, "x".join(map(str, shape)), str(list(shape))]
    assert ex.kind == "expression"
    return [ex.expected, alternative_factors(ex.expected)]


# -- properties of every skill ----------------------------------------------------------


@pytest.mark.parametrize("skill", SKILLS)
@settings(max_examples=30)
@given(seed=seeds, difficulty=difficulties)
def test_exercise_is_complete_and_serialisable(skill, seed, difficulty):
    ex = exercise(skill, difficulty, seed)
    assert ex.kind in ANSWER_KINDS
    assert ex.expected.strip()
    assert 1 <= len(ex.hints) <= 3
    assert ex.solution.strip() and ex.prompt.strip() and ex.text.strip()
    assert "\\begin" not in ex.text and "$" not in ex.text
    assert ex.version >= 1
    json.dumps(ex.to_json())  # data and everything else is plain JSON
    answers = [m.answer for m in ex.misconceptions]
    assert ex.expected not in answers
    assert len(answers) == len(set(answers))


@pytest.mark.parametrize("skill", SKILLS)
@pytest.mark.parametrize("difficulty", [1, 2, 3])
def test_different_seeds_usually_differ(skill, difficulty):
    drawn = {json.dumps(exercise(skill, difficulty, seed).data) for seed in range(30)}
    assert len(drawn) >= 20


# -- linalg.matmul ------------------------------------------------------------------


@given(seed=seeds, difficulty=difficulties)
def test_matmul_matches_numpy(seed, difficulty):
    ex = exercise("linalg.matmul", difficulty, seed)
    a, b = np.array(ex.data["A"]), np.array(ex.data["B"])
    assert a.ndim == b.ndim == 2
    assert a.min() >= -5 and a.max() <= 5 and b.min() >= -5 and b.max() <= 5
    try:
        product = np.matmul(a, b)
    except ValueError:
        assert ex.expected == "undefined"
    else:
        assert np.array_equal(np.array(exact_matrix(ex.expected), dtype=float), product)


def test_matmul_undefined_share_and_sizes_grow():
    largest = {}
    for difficulty in (1, 2, 3):
        exercises = [exercise("linalg.matmul", difficulty, seed) for seed in range(300)]
        undefined = sum(ex.expected == "undefined" for ex in exercises) / len(exercises)
        assert 0.20 <= undefined <= 0.45, (difficulty, undefined)
        sizes = [
            max(len(ex.data["A"]), len(ex.data["A"][0]), len(ex.data["B"]), len(ex.data["B"][0]))
            for ex in exercises
        ]
        largest[difficulty] = (np.mean(sizes), max(sizes))
    assert largest[1][1] == 2 and largest[2][1] == 3 and largest[3][1] == 4
    assert largest[1][0] < largest[2][0] < largest[3][0]


def test_matmul_reversed_product_is_catalogued():
    found = 0
    for seed in range(100):
        ex = exercise("linalg.matmul", 2, seed)
        a, b = np.array(ex.data["A"]), np.array(ex.data["B"])
        codes = {m.code: m.answer for m in ex.misconceptions}
        if ex.expected != "undefined" and a.shape[0] == b.shape[1]:
            ba = b @ a
            if ba.shape != (a @ b).shape or not np.array_equal(ba, a @ b):
                found += 1
                answer = codes["misconception:reversed-product"]
                assert np.array_equal(np.array(exact_matrix(answer), dtype=float), ba)
    assert found >= 10


# -- linalg.vectors -----------------------------------------------------------------


@given(seed=seeds, difficulty=difficulties)
def test_vectors_match_numpy(seed, difficulty):
    ex = exercise("linalg.vectors", difficulty, seed)
    u = np.array(ex.data["u"], dtype=float)
    v = np.array(ex.data.get("v", ex.data["u"]), dtype=float)
    oracle = {
        "dot": lambda: np.dot(u, v),
        "norm": lambda: np.linalg.norm(u),
        "l1-norm": lambda: np.linalg.norm(u, 1),
        "distance": lambda: np.linalg.norm(u - v),
        "cosine": lambda: np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)),
    }[ex.data["mode"]]()
    assert number_value(ex.expected) == pytest.approx(oracle, rel=1e-12, abs=1e-12)
    assert {1: {"dot"}, 2: {"norm", "l1-norm", "distance"}, 3: {"cosine"}}[difficulty] >= {
        ex.data["mode"]
    }


# -- linalg.shapes --------------------------------------------------------------------


def numpy_shape(data):
    """What NumPy itself says, on arrays of zeros; None when it raises."""
    try:
        if data["mode"] == "broadcast":
            a, b = np.zeros(data["left"]), np.zeros(data["right"])
            return (a + b).shape
        if data["mode"] == "matmul":
            return np.matmul(np.zeros(data["left"]), np.zeros(data["right"])).shape
        result = None
        for factor in data["factors"]:
            m = np.zeros(factor["shape"])
            m = m.T if factor["transpose"] else m
            result = m if result is None else np.matmul(result, m)
        return result.shape
    except ValueError:
        return None


@given(seed=seeds, difficulty=difficulties)
def test_shapes_match_numpy(seed, difficulty):
    ex = exercise("linalg.shapes", difficulty, seed)
    assert shape_value(ex.expected) == numpy_shape(ex.data)
    if ex.data["mode"] == "broadcast":
        try:
            assert shape_value(ex.expected) == np.broadcast_shapes(
                tuple(ex.data["left"]), tuple(ex.data["right"])
            )
        except ValueError:
            assert ex.expected == "undefined"


def test_shapes_mix_defined_and_undefined_and_modes():
    for difficulty in (1, 2, 3):
        exercises = [exercise("linalg.shapes", difficulty, seed) for seed in range(150)]
        undefined = sum(ex.expected == "undefined" for ex in exercises) / len(exercises)
        assert 0.2 <= undefined <= 0.45, (difficulty, undefined)
        modes = {ex.data["mode"] for ex in exercises}
        assert (
            modes
            == {1: {"math"}, 2: {"math", "broadcast", "matmul"}, 3: {"broadcast", "matmul"}}[
                difficulty
            ]
        )
    batched = [
        ex
        for ex in (exercise("linalg.shapes", 3, seed) for seed in range(150))
        if ex.data["mode"] == "matmul" and len(ex.data["left"]) > 2 and len(ex.data["right"]) > 2
    ]
    assert len(batched) >= 10  # batch dimensions on both sides, broadcast together


# -- linalg.transpose-inverse-rules -----------------------------------------------------


@settings(max_examples=40)
@given(seed=seeds, difficulty=difficulties)
def test_transpose_inverse_rules_match_numpy(seed, difficulty):
    ex = exercise("linalg.transpose-inverse-rules", difficulty, seed)
    rng = np.random.default_rng(seed)
    for _ in range(3):
        env = random_env(ex.shapes, rng)
        want = evaluate_tree(ex.data["tree"], env)
        assert np.allclose(factor_product(ex.expected, env), want, rtol=1e-8, atol=1e-10)
        for mistake in ex.misconceptions:
            assert not np.allclose(factor_product(mistake.answer, env), want)
    # only single matrices carry ^T or ^-1 in the answer
    assert "(" not in ex.expected
    if '"inv"' in json.dumps(ex.data["tree"]):
        assert all(ex.assume[name] == ["invertible"] for name in ex.shapes)


# -- linalg.inverse -------------------------------------------------------------------


@given(seed=seeds, difficulty=difficulties)
def test_inverse_matches_sympy(seed, difficulty):
    import sympy

    ex = exercise("linalg.inverse", difficulty, seed)
    a = sympy.Matrix(ex.data["A"])
    assert a.shape == ((2, 2) if difficulty == 1 else (3, 3))
    if a.det() == 0:
        assert ex.expected == "undefined"
        return
    want = a.inv()
    got = exact_matrix(ex.expected)
    assert [
        [sympy.Rational(v.numerator, v.denominator) for v in row] for row in got
    ] == want.tolist()
    assert np.allclose(np.array(got, dtype=float), np.linalg.inv(np.array(ex.data["A"], float)))


def test_inverse_has_singular_matrices():
    singular = sum(
        exercise("linalg.inverse", d, s).expected == "undefined"
        for d in (1, 2, 3)
        for s in range(100)
    )
    assert 30 <= singular <= 120


# -- linalg.determinant ---------------------------------------------------------------


@given(seed=seeds, difficulty=difficulties)
def test_determinant_matches_sympy_and_numpy(seed, difficulty):
    import sympy

    ex = exercise("linalg.determinant", difficulty, seed)
    a = np.array(ex.data["A"]) * ex.data.get("scale", 1)
    assert a.shape == {1: (2, 2), 2: (3, 3), 3: a.shape}[difficulty]
    assert int(ex.expected) == sympy.Matrix(a.tolist()).det()
    assert int(ex.expected) == round(np.linalg.det(a))


def test_determinant_difficulty_three_is_structured():
    structures = {exercise("linalg.determinant", 3, s).data["structure"] for s in range(60)}
    assert structures == {"triangular", "row-swap", "block", "scaled", "sparse"}


# -- linalg.trace ---------------------------------------------------------------------


@given(seed=seeds, difficulty=difficulties)
def test_trace_matches_numpy(seed, difficulty):
    ex = exercise("linalg.trace", difficulty, seed)
    mode = ex.data["mode"]
    if mode == "cyclic":
        rng = np.random.default_rng(seed)
        env = random_env(ex.shapes, rng)
        lhs = np.trace(factor_product(" ".join(ex.data["factors"]), env))
        rhs = np.trace(factor_product(ex.data["lead"], env) @ factor_product(ex.expected, env))
        assert rhs == pytest.approx(lhs, rel=1e-9)
        for mistake in ex.misconceptions:
            wrong = factor_product(ex.data["lead"], env) @ factor_product(mistake.answer, env)
            assert np.trace(wrong) != pytest.approx(lhs, rel=1e-6)
        return
    a = np.array(ex.data["A"])
    if mode == "quadratic":
        x = np.array(ex.data["x"])
        want = np.trace(a @ np.outer(x, x))
    else:
        b = np.array(ex.data["B"])
        want = np.trace((a.T if mode == "transpose-product" else a) @ b)
    assert int(ex.expected) == want


# -- the checker's view ---------------------------------------------------------------


@pytest.mark.parametrize("skill", SKILLS)
@settings(max_examples=25)
@given(seed=seeds, difficulty=difficulties)
def test_checker_accepts_expected_in_two_forms(skill, seed, difficulty):
    check = check_answer()
    ex = exercise(skill, difficulty, seed)
    forms = other_forms(ex)
    assert len(set(forms)) >= 2
    for form in forms:
        verdict = check(ex, form)
        assert verdict.correct, (ex.id, form, verdict)


@pytest.mark.parametrize("skill", SKILLS)
@settings(max_examples=25)
@given(seed=seeds, difficulty=difficulties)
def test_misconceptions_get_their_codes(skill, seed, difficulty):
    check = check_answer()
    ex = exercise(skill, difficulty, seed)
    for mistake in ex.misconceptions:
        verdict = check(ex, mistake.answer)
        assert not verdict.correct, (ex.id, mistake)
        assert verdict.diagnosis == mistake.code, (ex.id, mistake.answer, verdict)
        assert verdict.feedback == mistake.feedback


def test_misconceptions_are_frequent():
    """Most exercises anticipate at least one mistake (the worksheet's reversed product
    above all)."""
    for skill in SKILLS:
        with_any = sum(
            bool(exercise(skill, d, s).misconceptions) for d in (1, 2, 3) for s in range(20)
        )
        assert with_any >= 30, skill


def test_checker_reads_a_single_row_without_semicolon_as_a_row():
    check = check_answer()
    ex = exercise("linalg.matmul", 1, 484)
    assert ex.expected == "[[-10, 20]]"
    assert check(ex, "[-10 20]").correct


@settings(max_examples=30)
@given(seed=seeds, difficulty=difficulties)
def test_the_question_typed_back_is_not_an_answer(seed, difficulty):
    check = check_answer()
    rules = exercise("linalg.transpose-inverse-rules", difficulty, seed)
    assert not check(rules, rules.data["expression"]).correct
    product = exercise("linalg.matmul", difficulty, seed)
    if product.expected != "undefined":
        a, b = (str(product.data[name]).replace(" ", "") for name in "AB")
        assert not check(product, f"{a} {b}").correct
