"""``dlmath info gain|huffman|gaussian`` against published figures (Mitchell's PlayTennis),
independent computations (NumPy, SciPy) and properties (H ≤ L < H + 1)."""

from __future__ import annotations

import heapq
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from typer.testing import CliRunner

from dlmath.calculators.source_codes import huffman, shannon_fano
from dlmath.cli.app import app

runner = CliRunner()

TENNIS = """Outlook,Temperature,Humidity,Wind,PlayTennis
Sunny,Hot,High,Weak,No
Sunny,Hot,High,Strong,No
Overcast,Hot,High,Weak,Yes
Rain,Mild,High,Weak,Yes
Rain,Cool,Normal,Weak,Yes
Rain,Cool,Normal,Strong,No
Overcast,Cool,Normal,Strong,Yes
Sunny,Mild,High,Weak,No
Sunny,Cool,Normal,Weak,Yes
Rain,Mild,Normal,Weak,Yes
Sunny,Mild,Normal,Strong,Yes
Overcast,Mild,High,Strong,Yes
Overcast,Hot,Normal,Weak,Yes
Rain,Mild,High,Strong,No
"""


def run(*args: str):
    return runner.invoke(app, list(args))


def run_json(*args: str) -> dict:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def tennis(tmp_path: Path) -> Path:
    path = tmp_path / "tennis.csv"
    path.write_text(TENNIS, encoding="utf-8")
    return path


def truncated(x: float) -> float:
    return math.floor(x * 1000) / 1000


def test_mitchell_playtennis_gains(tennis: Path) -> None:
    """Mitchell, Machine Learning (1997), ch. 3: 0.940, 0.246, 0.151, 0.048, 0.029."""
    out = run_json("info", "gain", str(tennis), "--target", "PlayTennis")
    assert truncated(out["entropy"]) == 0.940
    gains = {k: truncated(v) for k, v in out["gains"].items()}
    assert gains == {"Outlook": 0.246, "Humidity": 0.151, "Wind": 0.048, "Temperature": 0.029}
    assert out["best"] == "Outlook"
    # independently: H(Y) − H(Y | X) from SciPy's entropy of the counts
    rows = [line.split(",") for line in TENNIS.split()[1:]]
    labels = [r[-1] for r in rows]
    h = stats.entropy([labels.count(v) for v in set(labels)], base=2)
    for i, column in enumerate(["Outlook", "Temperature", "Humidity", "Wind"]):
        rest = 0.0
        for value in {r[i] for r in rows}:
            group = [r[-1] for r in rows if r[i] == value]
            rest += (
                len(group) / len(rows) * stats.entropy([group.count(v) for v in set(group)], base=2)
            )
        assert out["gains"][column] == pytest.approx(h - rest, abs=1e-12)


def test_mitchell_playtennis_tree(tennis: Path) -> None:
    out = run_json("info", "gain", str(tennis), "--target", "PlayTennis", "--tree")
    tree = out["tree"]
    assert tree["split"] == "Outlook"
    assert tree["children"]["Overcast"] == {"label": "Yes"}
    assert tree["children"]["Sunny"]["split"] == "Humidity"
    assert tree["children"]["Rain"]["split"] == "Wind"
    assert tree["children"]["Rain"]["children"]["Strong"] == {"label": "No"}
    text = run("info", "gain", str(tennis), "--target", "PlayTennis", "--tree").stdout
    assert "best split: Outlook" in text and "Humidity = High" in text


@pytest.mark.parametrize(
    ("content", "target", "message"),
    [
        (TENNIS.encode(), "Play", "no column 'Play'"),
        (b"", "y", "empty"),
        (b"a,y\n", "y", "no rows"),
        (b"a,y\n1,yes\n2,yes\n", "y", "one class"),
        ("a,y\n\u00e9,1\n".encode("latin-1"), "y", "not UTF-8"),
        (b"a,y\n1,2,3\n", "y", "line 2 has 3 fields"),
        (b"a,a\n1,2\n", "a", "distinct"),
        (b"a," * 2 + b"y\n" + b"x" * 1_000_001, "y", "size limit"),
    ],
)
def test_gain_refusals(tmp_path: Path, content: bytes, target: str, message: str) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    result = run("info", "gain", str(path), "--target", target)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
    as_json = run("info", "gain", str(path), "--target", target, "--json")
    assert message in json.loads(as_json.stdout)["error"]


def test_gain_missing_file(tmp_path: Path) -> None:
    result = run("info", "gain", str(tmp_path / "none.csv"), "--target", "y")
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_huffman_textbook_example() -> None:
    """Cover & Thomas example 5.6.1: (.25, .25, .2, .15, .15) has lengths 2,2,2,3,3, L = 2.3."""
    out = run_json("info", "huffman", "0.25", "0.25", "0.2", "0.15", "0.15")
    assert sorted(len(c) for c in out["codes"]) == [2, 2, 2, 3, 3]
    assert out["expected_length"] == pytest.approx(2.3)
    assert out["entropy"] == pytest.approx(stats.entropy([0.25, 0.25, 0.2, 0.15, 0.15], base=2))
    assert set(out["shannon_fano"]) >= {"codes", "expected_length", "entropy"}


def test_huffman_counts_and_fractions() -> None:
    assert run_json("info", "huffman", "--counts", "2", "1", "1")["expected_length"] == 1.5
    assert run_json("info", "huffman", "1/2", "1/4", "1/4")["codes"] == ["0", "10", "11"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["0.5", "0.4"], "sum to 0.9"),
        (["(-1/2)", "3/2"], "negative"),
        (["--counts", "1.5", "2"], "whole numbers"),
        (["--counts", "0", "0"], "all 0"),
        (["import os"], "symbol 1"),
        (["x"], "names"),
    ],
)
def test_huffman_refusals(args: list[str], message: str) -> None:
    result = run("info", "huffman", *args)
    assert result.exit_code == 2 and message in result.stderr


def is_prefix_free(codes: list[str]) -> bool:
    return not any(a != b and b.startswith(a) for a in codes for b in codes)


def huffman_length_oracle(p: list[float]) -> float:
    """The optimal expected length: the sum of the merged weights (a second computation)."""
    heap = list(p)
    heapq.heapify(heap)
    total = 0.0
    while len(heap) > 1:
        merged = heapq.heappop(heap) + heapq.heappop(heap)
        total += merged
        heapq.heappush(heap, merged)
    return total


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 50), min_size=2, max_size=20))
def test_huffman_properties(counts: list[int]) -> None:
    p = [c / sum(counts) for c in counts]
    code, fano = huffman(p), shannon_fano(p)
    h = code.entropy
    assert h - 1e-9 <= code.expected_length < h + 1
    assert code.expected_length == pytest.approx(huffman_length_oracle(p))
    assert fano.expected_length >= code.expected_length - 1e-9
    assert is_prefix_free(code.codes) and is_prefix_free(fano.codes)
    assert sum(2.0 ** -len(c) for c in code.codes) == pytest.approx(1.0)  # a full tree


def test_gaussian_against_scipy() -> None:
    mean, cov = [1.0, -1.0, 0.5], [[2.0, 0.3, 0.0], [0.3, 1.0, 0.2], [0.0, 0.2, 0.5]]
    out = run_json(
        "info",
        "gaussian",
        "--mean",
        "[1, -1, 0.5]",
        "--cov",
        "[[2, 0.3, 0], [0.3, 1, 0.2], [0, 0.2, 0.5]]",
    )
    assert out["entropy"]["nats"] == pytest.approx(stats.multivariate_normal(mean, cov).entropy())
    assert out["entropy"]["bits"] == pytest.approx(out["entropy"]["nats"] / math.log(2))


def test_gaussian_kl_against_monte_carlo_free_formula() -> None:
    """KL of two Gaussians, against a sum over a fine grid in one dimension (an independent
    numerical integration) and the closed form in two."""
    out = run_json(
        "info",
        "gaussian",
        "--mean",
        "[0]",
        "--cov",
        "[[1]]",
        "--kl-to",
        "[1]",
        "--kl-to-cov",
        "[[4]]",
    )
    x = np.linspace(-12, 12, 200_001)
    p, q = stats.norm.pdf(x, 0, 1), stats.norm.pdf(x, 1, 2)
    numeric = np.sum(p * np.log(p / q)) * (x[1] - x[0])
    assert out["kl"]["nats"] == pytest.approx(numeric, rel=1e-6)
    two = run_json(
        "info", "gaussian", "--mean", "[0, 0]", "--cov", "[[2, 0], [0, 1]]", "--kl-to", "[1, 0]"
    )
    assert two["kl"]["nats"] == pytest.approx(0.25)  # ½ (μ₁−μ₀)ᵀ Σ⁻¹ (μ₁−μ₀) = ½ · ½


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--mean", "[0, 0]", "--cov", "[[1, 2], [2, 1]]"], "not positive definite"),
        (["--mean", "[0, 0]", "--cov", "[[1, 0.5], [0, 1]]"], "not symmetric"),
        (["--mean", "[0, 0]", "--cov", "[[1]]"], "must be 2×2"),
        (["--mean", "[0, 0]", "--cov", "[[1, 0], [0, 1]]", "--kl-to", "[0]"], "1×1"),
        (["--mean", "[0, 0]", "--cov", "[[1, 0], [0"], "--cov"),
        (["--mean", "[0]", "--cov", "[[1]]", "--kl-to-cov", "[[1]]"], "needs --kl-to"),
    ],
)
def test_gaussian_refusals(args: list[str], message: str) -> None:
    result = run("info", "gaussian", *args)
    assert result.exit_code == 2 and message in result.stderr, result.output
