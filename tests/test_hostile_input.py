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
