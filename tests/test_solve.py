"""``dlmath solve``: LPs and QPs with optima known by hand, their multipliers and KKT
certificates, infeasible and unbounded problems, bad input, and the linear SVM dual
against the primal solved independently."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize
from typer.testing import CliRunner

from dlmath.cli.app import app

runner = CliRunner()


def solve(*args: str) -> dict:
    result = runner.invoke(app, ["solve", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def certified(out: dict) -> None:
    assert out["status"] == "optimal"
    assert set(out["kkt"]) == {
        "stationarity",
        "primal_feasibility",
        "dual_feasibility",
        "complementary_slackness",
    }
    assert all(v < 1e-6 for v in out["kkt"].values()), out["kkt"]
    assert abs(out["gap"]) < 1e-6


def test_lp_known_by_hand() -> None:
    """max x1 + x2 on x1 + 2x2 ≤ 4, 3x1 + x2 ≤ 6, x ≥ 0: the vertex (8/5, 6/5), value 14/5,
    and the dual y = (2/5, 1/5) solving yᵀA = (1, 1) on the two tight rows."""
    out = solve(
        "--minimize", "-x1 - x2",
        "--subject-to", "x1 + 2 x2 <= 4",
        "--subject-to", "3 x1 + x2 <= 6",
        "--subject-to", "x1 >= 0",
        "--subject-to", "x2 >= 0",
    )  # fmt: skip
    certified(out)
    assert out["kind"] == "LP"
    assert out["value"] == pytest.approx(-2.8)
    assert out["x"] == {"x1": pytest.approx(1.6), "x2": pytest.approx(1.2)}
    assert [m["value"] for m in out["multipliers"]] == pytest.approx([0.4, 0.2, 0, 0], abs=1e-9)
    assert out["dual_value"] == pytest.approx(-2.8)


def test_qp_projection_onto_a_line() -> None:
    """min ‖x‖² on x1 + x2 = 1, x1 ≥ 0.8: x = (0.8, 0.2), ν = −0.4, λ = 1.2 by hand."""
    out = solve(
        "--minimize", "x1^2 + x2^2",
        "--subject-to", "x1 + x2 = 1",
        "--subject-to", "x1 >= 0.8",
    )  # fmt: skip
    certified(out)
    assert out["kind"] == "QP"
    assert out["value"] == pytest.approx(0.68)
    assert out["x"]["x1"] == pytest.approx(0.8, abs=1e-7)
    by_kind = {m["constraint"]: m["value"] for m in out["multipliers"]}
    assert by_kind == {
        "x1 >= 0.8": pytest.approx(1.2, abs=1e-6),
        "x1 + x2 = 1": pytest.approx(-0.4, abs=1e-6),
    }


def test_vector_variable() -> None:
    out = solve("--minimize", "xᵀ x", "--var", "x=3", "--subject-to", "sum(x) >= 3")
    certified(out)
    assert out["x"]["x"] == pytest.approx([1, 1, 1], abs=1e-6)
    assert out["multipliers"][0]["value"] == pytest.approx(2, abs=1e-6)


def test_infeasible_and_unbounded() -> None:
    assert solve("--minimize", "x1", "--subject-to", "x1 >= 1",
                 "--subject-to", "x1 <= 0")["status"] == "infeasible"  # fmt: skip
    assert solve("--minimize", "x1 - x2", "--subject-to", "x1 >= 0")["status"] == "unbounded"
    assert solve("--minimize", "x1^2", "--subject-to", "x1^2 <= -1")["status"] == "infeasible"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--minimize", "x1 +"], "--minimize"),
        (["--minimize", "x1", "--subject-to", "x1 < 2"], "write <="),
        (["--minimize", "x1", "--subject-to", "x1 + 2"], "exactly one of"),
        (["--minimize", "x1", "--subject-to", "1 <= x1 <= 2"], "exactly one of"),
        (["--minimize", "x", "--var", "x=2"], "not a number"),
        (["--minimize", "x1", "--var", "y=2"], "not used"),
        (["--minimize", "x1", "--var", "x1=zero"], "NAME=SIZE"),
        (["--minimize", "__import__('os')"], "--minimize"),
        (["--minimize", "3"], "no variables"),
        ([], "--minimize"),
    ],
)
def test_refusals(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["solve", *args])
    assert result.exit_code == 2 and message in result.stderr, result.output
    assert "Traceback" not in result.output


def svm_primal(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """min ½‖w‖² subject to yᵢ(wᵀxᵢ + b) ≥ 1: the primal, solved by SciPy directly."""
    d = x.shape[1]
    res = minimize(
        lambda v: 0.5 * v[:d] @ v[:d],
        np.zeros(d + 1),
        constraints=[{"type": "ineq", "fun": lambda v: y * (x @ v[:d] + v[d]) - 1}],
        method="SLSQP",
        options={"ftol": 1e-12},
    )
    return res.x[:d], float(res.x[d])


def test_svm_dual_against_primal(tmp_path: Path) -> None:
    rows = [(0, 0, -1), (1, 0, -1), (0, 1, -1), (2, 2, 1), (3, 1, 1), (2, 3, 1)]
    path = tmp_path / "points.csv"
    path.write_text("a,b,y\n" + "\n".join(",".join(map(str, r)) for r in rows) + "\n")
    out = solve("--svm", str(path), "--target", "y")
    x = np.array([r[:2] for r in rows], dtype=float)
    y = np.array([r[2] for r in rows], dtype=float)
    w, b = svm_primal(x, y)
    assert out["w"] == pytest.approx(w, abs=1e-5)
    assert out["b"] == pytest.approx(b, abs=1e-5)
    assert out["margin"] == pytest.approx(2 / np.linalg.norm(w), abs=1e-5)
    assert out["dual_value"] == pytest.approx(0.5 * w @ w, abs=1e-6)  # strong duality
    margins = y * (x @ w + b)
    assert out["support_vectors"] == [i + 1 for i in np.flatnonzero(margins < 1 + 1e-4)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a,y\n0,1\n1,-1\n2,1\n", "not linearly separable"),
        ("a,y\n0,1\n1,2\n", "must be 1 or -1"),
        ("a,y\n0,1\n1,1\n", "both classes"),
        ("a,z\n0,1\n1,-1\n", "no column 'y'"),
        ("a,y\nfoo,1\n1,-1\n", "column a"),
    ],
)
def test_svm_refusals(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "d.csv"
    path.write_text(content)
    result = runner.invoke(app, ["solve", "--svm", str(path)])
    assert result.exit_code == 2 and message in result.stderr, result.output


def test_a_kink_is_not_taken_for_an_lp() -> None:
    """|x1 − 2| looks linear at points left of 2; the optimum x1 = 2 is found all the same."""
    out = solve("--minimize", "abs(x1 - 2) + x2", "--subject-to", "x1 <= 3",
                "--subject-to", "x2 >= 0")  # fmt: skip
    assert out["status"] == "optimal" and out["kind"] == "NLP"
    assert out["x"]["x1"] == pytest.approx(2, abs=1e-5)
    assert out["value"] == pytest.approx(0, abs=1e-5)
    assert solve("--minimize", "exp(x1) + x1^2")["kind"] == "NLP"
