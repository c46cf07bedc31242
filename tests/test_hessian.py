"""``dlmath derive --hessian``: the Hessian against formulas computed in NumPy by the test
and against second differences of the function itself."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from dlmath.cli.app import app
from dlmath.derivatives.hessian import hessian
from dlmath.expr.errors import InputError
from dlmath.expr.evaluate import evaluate
from dlmath.expr.parser import parse

runner = CliRunner()


def second_differences(f, x: np.ndarray, h: float = 1e-4) -> np.ndarray:
    """∂²f/∂xᵢ∂xⱼ by central second differences of f (not of any gradient)."""
    n = len(x)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            e_i, e_j = np.eye(n)[i] * h, np.eye(n)[j] * h
            out[i, j] = (
                f(x + e_i + e_j) - f(x + e_i - e_j) - f(x - e_i + e_j) + f(x - e_i - e_j)
            ) / (4 * h * h)
    return out


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ("x^T A x + sum(exp(x))", lambda x, a: a + a.T + np.diag(np.exp(x))),
        (
            "log(sum(exp(x)))",
            lambda x, a: np.diag(s := np.exp(x) / np.exp(x).sum()) - np.outer(s, s),
        ),
        ("x^T x", lambda x, a: 2 * np.eye(3)),
    ],
)
def test_hessian_against_numpy(text: str, formula) -> None:
    shapes = {"x": "3", "A": "3x3"}
    result = hessian(text, "x", shapes=shapes)
    assert result.shape == "3x3"
    rng = np.random.default_rng(7)
    tree, f = parse(result.result, shapes), parse(text, shapes)
    for _ in range(3):
        x, a = rng.normal(size=3), rng.normal(size=(3, 3))
        env = {"x": x.reshape(3, 1), "A": a}
        value = evaluate(tree, env, identity_size=3)
        assert value == pytest.approx(formula(x, a), rel=1e-9, abs=1e-9)

        def scalar(z, a=a):
            return float(evaluate(f, {"x": z.reshape(3, 1), "A": a})[0, 0])

        assert value == pytest.approx(second_differences(scalar, x), rel=1e-4, abs=1e-5)


def test_scalar_and_linear() -> None:
    assert hessian("x^3 + sin(x)", "x").result == "6 x − sin(x)"
    linear = hessian("a^T x", "x", shapes={"x": "4", "a": "4"})
    assert linear.result == "0" and linear.shape == "4x4"


def test_cli_json_and_refusals() -> None:
    out = runner.invoke(app, ["derive", "x^T x", "--wrt", "x", "-s", "x=2", "--hessian", "--json"])
    assert out.exit_code == 0
    data = json.loads(out.stdout)
    assert data["hessian"] == "2 I" and data["gradient"] == "2 x" and data["shape"] == "2x2"
    text = runner.invoke(app, ["derive", "x^3", "--wrt", "x", "--hessian"]).stdout
    assert "∇²f = 6 x" in text and "finite differences of the gradient" in text
    for args in (["tr(X)", "--wrt", "X", "-s", "X=3x3"], ["x", "--wrt", "x", "-s", "x=3"]):
        bad = runner.invoke(app, ["derive", *args, "--hessian"])
        assert bad.exit_code == 2 and "Traceback" not in bad.output
    with pytest.raises(InputError):
        hessian("x +", "x")
