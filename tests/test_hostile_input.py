"""Hostile input: every one gets a clean error or a diagnosis, never a traceback, a hang
or code execution."""

from __future__ import annotations

import contextlib
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlmath.checker import DIAGNOSES, equivalent
from dlmath.expr import InputError, parse
from dlmath.expr.calculate import calculate

HOSTILE = [
    "9^9^9",
    "9^9^9^9^9",
    "(10^30)^100^100",
    "2^(2^(2^(2^100)))",
    "10^100!",
    "1000000!",
    "x^" + "9" * 40,
    "1" * 31,
    "1" * 5000,
    "x" * 100_000,
    "(" * 1000 + "x" + ")" * 1000,
    "[" * 60 + "1" + "]" * 60,
    "-" * 500 + "x",
    "x" + "'" * 400,
    "sqrt(" * 60 + "2" + ")" * 60,
    "exp(exp(exp(exp(exp(exp(99))))))",
    "__import__('os').system('echo pwned')",
    "os.system('rm -rf /')",
    "eval('1+1')",
    "exec('import os')",
    "lambda: 0",
    "import os",
    "[x for x in range(10**9)]",
    "().__class__.__bases__[0].__subclasses__()",
    "open('/etc/passwd').read()",
    "x\x00y",
    "\x00",
    "\ufeffx",
    "x\u202e+1",
    "[[1, 2], [3]]",
    "[[1, 2], [3, 4, 5]]",
    "[1 2; 3]",
    "[[1, [2]], [3, 4]]",
    "1/0",
    "log(0)",
    "log(-1)",
    "sqrt(-4)",
    "0^-1",
    "inv([[1, 2], [2, 4]])",
    "det([[1, 2, 3]])",
    "tr([1, 2, 3])",
    "[1, 2] [3, 4]",
    "[[1e100]] ^ 100",
    "1e-999",
    "((((((((((((((((((((((((((((((((((((((((((((((((((((x))))))))))))))))))))))))))))))))))))))))))))))))))",
    "||x||||",
    "|||x|||",
    "x $ y",
    "\\frac{1}{2}",
    "$x$",
    "{}",
    "[]",
    "()",
    ",,,",
    ";",
    "^T",
    "A^T^T^T^T^T" * 30,
    "🙂",
    "\t\n\r",
    "2^-100 * 2^100 * 10^30 * 10^30",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_gets_a_clean_answer(text):
    result = equivalent(text, "x")
    assert not result.equivalent
    assert result.diagnosis in DIAGNOSES
    assert result.feedback


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_in_the_calculator(text):
    try:
        calculate(text)
    except InputError as error:
        assert error.message
    # a value is fine too (e.g. 2^-100 * 2^100 ...); what matters is no other exception


def test_at_least_forty():
    assert len(HOSTILE) >= 40


def test_no_code_runs(tmp_path):
    marker = tmp_path / "pwned"
    text = f"__import__('pathlib').Path('{marker}').touch()"
    equivalent(text, "x")
    with pytest.raises(InputError):
        parse(text)
    assert not marker.exists()


def test_the_command_line_stays_clean():
    for text in ["9^9^9", "(" * 200, "x\x01"]:
        out = subprocess.run(
            [sys.executable, "-m", "dlmath", "eval", text], capture_output=True, text=True
        )
        assert out.returncode == 2, text
        assert "Traceback" not in out.stderr
        assert out.stderr.startswith("error:")


@settings(max_examples=100)
@given(st.text(max_size=80))
def test_fuzz_random_text(text):
    result = equivalent(text, "x^T A x", shapes={"x": "3", "A": "3x3"})
    assert result.diagnosis is None or result.feedback
    try:
        parse(text)
    except InputError as error:
        assert error.position is None or 0 <= error.position <= len(text)


ALPHABET = "xyzAB0123456789+-*/^()[],;.|' TtI⁻¹ᵀ⊙@σπe"


@settings(max_examples=300)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_fuzz_math_like_text(text):
    result = equivalent(text, "A x", shapes={"x": "3", "A": "3x3", "B": "3x3"})
    assert isinstance(result.equivalent, bool)
    with contextlib.suppress(InputError):
        calculate(text, {"x": "3", "A": "3x3", "B": "3x3"})


# ---- limits on the size of values, not only on text ------------------------------------

K = "[[1, 2], [3, 4]]"
SIZE_HOSTILE = [  # (answer, expected, shapes)
    (" ⊗ ".join([K] * 14), "1", None),
    ("A ⊗ A", "A", {"A": "50x50"}),
    ("det(" + " ⊗ ".join([K] * 9) + ")", "0", None),
    ("[1e99 0; 0 1]^100", "1", None),
    ("inv(" + " ⊗ ".join([K] * 6) + ")", "1", None),
    ("x x^T", "x", {"x": "1000"}),
    ("diag(x)", "x", {"x": "1000"}),
    ("(" + " ⊗ ".join([K] * 4) + ")^100", "1", None),
    ("[[1/3, 2/7], [3/11, 4/13]]^100", "1", None),
    ("2^-100 * 10^30 * 10^30 * 10^30 * 10^30", "1", None),
]


@pytest.mark.parametrize(("answer", "expected", "shapes"), SIZE_HOSTILE)
def test_values_past_the_limits_end_cleanly_in_bounded_memory(answer, expected, shapes):
    import tracemalloc

    tracemalloc.start()
    try:
        result = equivalent(answer, expected, shapes=shapes)
        assert not result.equivalent and result.diagnosis in DIAGNOSES and result.feedback
    except InputError as error:  # a declared shape past the limit: the expected side
        assert error.message
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < 64 * 2**20, f"{peak / 2**20:.0f} MB"


def test_a_declared_shape_past_the_limit_is_refused_before_evaluation():
    with pytest.raises(InputError, match="limit"):
        equivalent("inv(A)", "A", shapes={"A": "1000x1000"})
    assert calculate("A ⊗ A", {"A": "1000x1000"}).shape == "1000000x1000000"  # shape only


def test_exact_where_the_numbers_are_large_but_exact():
    assert equivalent("inv([[10^13, 0], [0, 1]])", "[[1/10000000000000, 0], [0, 1]]")
    assert calculate("det([[1.5*10^6, 3*10^6], [11*10^6, 22*10^6]])").value == "0"


class _Sizes:
    """Records the size of every value the evaluator builds."""

    def __init__(self) -> None:
        self.entries = 0
        self.bits = 0

    def __enter__(self):
        from fractions import Fraction

        import numpy as np

        from dlmath.expr import evaluate as module

        self.module, self.original = module, module._Evaluator.value
        sizes = self

        def value(evaluator, node):
            v = sizes.original(evaluator, node)
            if isinstance(v, np.ndarray):
                sizes.entries = max(sizes.entries, v.shape[-1] * v.shape[-2])
                if v.dtype == object:
                    for x in v.flat:
                        x = Fraction(x)
                        bits = max(x.numerator.bit_length(), x.denominator.bit_length())
                        sizes.bits = max(sizes.bits, bits)
            return v

        module._Evaluator.value = value
        return self

    def __exit__(self, *exc):
        self.module._Evaluator.value = self.original


MATRIX = st.sampled_from(
    ["[[1, 2], [3, 4]]", "[[1/3, 2], [5, 7/2]]", "[1e30 0; 0 1]", "[1, 2, 3]", "[[2, 0], [0, 9]]"]
)


@st.composite
def big_expressions(draw):
    text = draw(MATRIX)
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["kron", "pow", "inv", "det", "mul", "diag", "outer"]))
        other = draw(MATRIX)
        text = {
            "kron": f"({text}) ⊗ {other}",
            "pow": f"({text})^{draw(st.integers(2, 100))}",
            "inv": f"inv({text})",
            "det": f"det({text})",
            "mul": f"({text}) ({text})",
            "diag": f"diag({text})",
            "outer": f"({text}) ({text})^T",
        }[op]
    return text


@settings(max_examples=150, deadline=None)
@given(big_expressions())
def test_the_evaluator_never_exceeds_its_documented_bounds(text):
    from dlmath.expr.limits import MAX_ENTRIES, MAX_EXACT_BITS

    with _Sizes() as sizes, contextlib.suppress(InputError):
        calculate(text)
    assert sizes.entries <= MAX_ENTRIES
    assert sizes.bits <= MAX_EXACT_BITS


# ---- the command line and the store: no traceback anywhere ----------------------------


def _run(
    *args: str | bytes, env: dict | None = None, stdin: str = ""
) -> subprocess.CompletedProcess:
    import os

    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "dlmath", *args],
        capture_output=True,
        env=environment,
        input=stdin.encode(),
        timeout=120,
    )


def test_bytes_that_are_not_utf8_in_an_argument():
    out = _run("eval", b"\xff\xfe1+")
    assert out.returncode == 2
    assert b"Traceback" not in out.stderr and out.stderr.startswith(b"error:")


@pytest.mark.parametrize(
    "args",
    [
        ("eval", "-6"),
        ("eval", "-y^T log(softmax(z))", "-s", "y=3", "-s", "z=3"),
        ("equiv", "-x", "-x"),
        ("derive", "-x^T x", "--wrt", "x", "-s", "x=3"),
    ],
)
def test_a_leading_minus_needs_no_double_dash(args):
    out = _run(*args)
    assert out.returncode == 0, out.stderr.decode()


def test_check_with_a_negative_answer(tmp_path):
    out = _run(
        "check",
        "linalg.determinant:1:1",
        "-1",
        "--no-record",
        env={"DLMATH_DATA_DIR": str(tmp_path)},
    )
    assert out.returncode in (0, 1) and b"Traceback" not in out.stderr
    assert out.stdout.startswith(b"read as: ")


def _answered_database(tmp_path):
    env = {"DLMATH_DATA_DIR": str(tmp_path / "data"), "DLMATH_DATABASE_URL": ""}
    for seed in range(1, 4):
        _run("check", f"linalg.determinant:1:{seed}", "0", env=env)
    return env, tmp_path / "data" / "dlmath.sqlite3"


def test_a_damaged_database_gets_a_clean_message(tmp_path):
    import sqlite3

    env, path = _answered_database(tmp_path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    size = path.stat().st_size
    with open(path, "r+b") as damaged:
        damaged.seek(4096)
        damaged.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))
    for args in (("progress",), ("check", "linalg.determinant:1:1", "3"), ("export", "-o", "-")):
        out = _run(*args, env=env)
        assert out.returncode == 2, args
        assert b"Traceback" not in out.stderr and out.stderr.startswith(b"error:"), args


def test_an_unusable_data_directory_gets_a_clean_message(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    env = {"DLMATH_DATA_DIR": str(blocker / "data"), "DLMATH_DATABASE_URL": ""}
    for args in (("progress",), ("check", "linalg.determinant:1:1", "3")):
        out = _run(*args, env=env)
        assert out.returncode == 2, args
        assert b"Traceback" not in out.stderr and out.stderr.startswith(b"error:"), args


IMPORT_HEADER = '{"type": "dlmath-export", "format": 1}\n'
USER = '{"type": "user", "name": "ada", "created_at": "2026-01-01T00:00:00+00:00"}\n'
ATTEMPT = (
    '{"type": "attempt", "uid": "%s", "user": "ada", "exercise_id": "linalg.trace:%d:1", '
    '"skill": "linalg.trace", "difficulty": %d, "answer": "1", "correct": true, '
    '"diagnosis": null, "duration_ms": 5, "hints_used": 0, "skipped": false, '
    '"at": "2026-01-02T00:00:00+00:00"}\n'
)
STATE = (
    '{"type": "skill_state", "user": "ada", "skill": "linalg.trace", "mastery": 0.5, '
    '"attempts": 1, "correct": 1, "mastered_at": null, "card": %s, "due": null, '
    '"last_attempt_at": null}\n'
)
BAD_IMPORTS = {
    "difficulty out of range": IMPORT_HEADER + USER + ATTEMPT % ("u-1", 7, 7),
    "id of another difficulty": IMPORT_HEADER + USER + ATTEMPT % ("u-1", 1, 2),
    "a bogus review card": IMPORT_HEADER
    + USER
    + ATTEMPT % ("u-1", 1, 1)
    + STATE % '{"stability": "much"}',
    "deeply nested JSON": IMPORT_HEADER + "[" * 100_000 + "]" * 100_000 + "\n",
    "a huge line": IMPORT_HEADER + '{"type": "user", "name": "' + "a" * 1_100_000 + '"}\n',
}


@pytest.mark.parametrize("name", sorted(BAD_IMPORTS))
def test_a_bad_import_line_is_refused_and_nothing_is_written(tmp_path, name):
    from dlmath.store import ImportFormatError, open_store

    good = IMPORT_HEADER + USER + ATTEMPT % ("u-0", 1, 1)
    with open_store(f"sqlite:///{tmp_path / 'imports.sqlite3'}") as store:
        store.import_jsonl(good.splitlines(keepends=True))
        before = store.count_attempts("ada")
        with pytest.raises(ImportFormatError):
            store.import_jsonl(__import__("io").StringIO(BAD_IMPORTS[name]))
        assert store.count_attempts("ada") == before  # all or nothing
        from dlmath.learner.record import load_states

        assert load_states(store, "ada", ["linalg.trace"])["linalg.trace"].attempts == before


def test_an_import_file_that_is_not_utf8(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(IMPORT_HEADER.encode() + b"\xff\xfe\n")
    out = _run("import", str(bad), env={"DLMATH_DATA_DIR": str(tmp_path / "data")})
    assert out.returncode == 2 and b"Traceback" not in out.stderr
