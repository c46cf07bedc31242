"""dlmath in Jupyter: rich display (MathML, LaTeX, Markdown) of every result object,
``dlmath.practice()`` driven by ``input()``, and the example notebook executed."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import dlmath
from dlmath.calculators.optimum import solve
from dlmath.calculators.program import read_program
from dlmath.calculators.source_codes import huffman
from dlmath.derivatives.hessian import hessian
from dlmath.expr.calculate import calculate
from dlmath.reference import load_identities

ROOT = Path(__file__).resolve().parent.parent


def objects() -> list:
    exercise = dlmath.exercise("probability.sample-spaces", difficulty=1, seed=7)
    return [
        exercise,
        dlmath.check(exercise.id, exercise.expected),
        dlmath.check(exercise.id, "1/9"),
        dlmath.equivalent("(A B)^T", "B^T A^T", shapes={"A": "2x3", "B": "3x2"}),
        dlmath.derive("x^T A x", "x", shapes={"x": "3", "A": "3x3"}),
        hessian("x^T x", "x", shapes={"x": "2"}),
        load_identities()[0],
        calculate("entropy([1/2, 1/4, 1/4])"),
        huffman([0.5, 0.25, 0.25]),
        solve(read_program("x1", ["x1 >= 1"], {})),
    ]


@pytest.mark.parametrize("obj", objects(), ids=lambda o: type(o).__name__)
def test_rich_display(obj) -> None:
    html, latex, markdown = obj._repr_html_(), obj._repr_latex_(), obj._repr_markdown_()
    assert html.startswith('<table class="dlmath">') and "<script" not in html
    assert latex.startswith("$$") and latex.endswith("$$")
    assert markdown.strip()


def test_math_is_mathml_and_text_is_escaped() -> None:
    html = calculate("entropy([1/2, 1/4, 1/4])")._repr_html_()
    assert "<math" in html and "<mi>entropy</mi>" in html and "<mn>3</mn>" in html
    verdict = dlmath.equivalent("<script>", "x")
    assert "<script>" not in verdict._repr_html_()
    assert r"\frac{3}{2}" in calculate("entropy([1/2, 1/4, 1/4])")._repr_latex_()


def test_practice_in_a_cell(tmp_path: Path) -> None:
    answers = iter(["?", "s", "q"])
    shown: list = []
    summary = dlmath.practice(
        count=2,
        database=f"sqlite:///{tmp_path / 'learner.db'}",
        user="notebook",
        read=lambda prompt: next(answers),
        show=shown.append,
    )
    assert type(shown[0]).__name__ == "Exercise"
    assert summary.skipped == 1 and summary.answered == 0


def test_example_notebook_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    )
    notebook = nbformat.read(ROOT / "docs" / "notebook.ipynb", as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert len(html) == 8 and all("<table" in h for h in html)
    assert any("<math" in h for h in html)
