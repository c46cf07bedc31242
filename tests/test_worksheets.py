"""Worksheets: numbered problems in a real PDF, answer keys checked against NumPy,
reproducible by seed, safe against Typst injection, and the command line."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from typer.testing import CliRunner

from dlmath import worksheets
from dlmath.cli.app import app
from dlmath.exercises.base import Exercise
from dlmath.exercises.layout import named_grids
from dlmath.exercises.registry import generators
from dlmath.expr.literals import shape_text
from dlmath.worksheets import typeset
from dlmath.worksheets.layouts import GenericLayout, MatrixProductLayout
from dlmath.worksheets.markup import markup, string

COMMAND = "dlmath worksheet linalg.matmul --seed 1 -o sheet.pdf"
LABEL = re.compile(r"(?<![\w.\d])(\d+)\.(?!\d)")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages).replace("−", "-")


def numpy_answer(a: list[list[int]], b: list[list[int]]) -> list[list[int]] | None:
    """The product by NumPy, or None when the shapes do not allow it."""
    left, right = np.array(a), np.array(b)
    if left.shape[1] != right.shape[0]:
        return None
    return (left @ right).tolist()


def labels_in(text: str) -> list[int]:
    return [int(m) for m in LABEL.findall(text)]


@pytest.fixture(scope="module")
def matmul_sheet():
    sheet = worksheets.build(["linalg.matmul"], count=30, difficulty=2, seed=2024)
    return sheet, worksheets.sheet_source(sheet, COMMAND), worksheets.key_source(sheet, COMMAND)


@pytest.fixture(scope="module")
def matmul_pdfs(matmul_sheet):
    sheet, sheet_src, key_src = matmul_sheet
    return pdf_text(worksheets.compile_pdf(sheet_src)), pdf_text(worksheets.compile_pdf(key_src))


# -- the sheet ------------------------------------------------------------------------


def test_pdf_opens_with_n_numbered_problems(matmul_sheet, matmul_pdfs):
    sheet, _, _ = matmul_sheet
    sheet_text, key_text = matmul_pdfs
    assert labels_in(sheet_text) == list(range(1, 31))
    assert labels_in(key_text) == list(range(1, 31))
    assert [p.number for p in sheet.problems] == list(range(1, 31))
    assert "Perform each multiplication below, or state why it can't be done." in sheet_text
    assert "Seed 2024" in sheet_text and COMMAND in sheet_text.replace("\n", " ")


def test_the_sheet_does_not_give_answers_away(matmul_sheet, matmul_pdfs):
    sheet_text, _ = matmul_pdfs
    assert "undefined" not in sheet_text
    _, sheet_src, key_src = matmul_sheet
    assert "inner sizes differ" not in sheet_src and "inner sizes differ" in key_src


def test_expected_answers_equal_numpy(matmul_sheet):
    sheet, _, _ = matmul_sheet
    for problem in sheet.problems:
        ex = problem.exercise
        product = numpy_answer(ex.data["A"], ex.data["B"])
        if product is None:
            assert ex.expected == "undefined"
        else:
            assert json.loads(ex.expected) == product


def _chunks(text: str, count: int) -> list[str]:
    """The key's text cut at its problem labels 1., 2., ... in order."""
    starts = [m.start() for m in LABEL.finditer(text)]
    assert len(starts) == count
    return [text[s:e] for s, e in zip(starts, [*starts[1:], len(text)], strict=True)]


def test_every_answer_in_the_key_is_the_expected_one(matmul_sheet, matmul_pdfs):
    sheet, _, key_src = matmul_sheet
    _, key_text = matmul_pdfs
    for problem, chunk in zip(sheet.problems, _chunks(key_text, 30), strict=True):
        ex = problem.exercise
        # the key's source shows exactly the core's rendering of the expected answer
        assert typeset.answer(ex.kind, ex.expected) in key_src
        product = numpy_answer(ex.data["A"], ex.data["B"])
        if product is None:
            (m, n), (k, p) = np.shape(ex.data["A"]), np.shape(ex.data["B"])
            assert "undefined" in chunk
            assert f"{shape_text(m, n)} times {shape_text(k, p)}" in chunk
            assert "inner sizes differ" in chunk
        else:
            assert "undefined" not in chunk
            shown = Counter(int(v) for v in re.findall(r"-?\d+", chunk))
            wanted = Counter(v for row in product for v in row)
            assert not wanted - shown, (problem.number, product, chunk)


def test_worked_steps_are_right(matmul_sheet):
    sheet, _, _ = matmul_sheet
    layout = MatrixProductLayout()
    for problem in sheet.problems:
        product = numpy_answer(problem.exercise.data["A"], problem.exercise.data["B"])
        if product is None:
            continue
        shown = layout.typeset(problem.exercise)
        # c_(11) = ... = value: the last number of each step line is NumPy's entry
        entries = [(i, j) for i in range(len(product)) for j in range(len(product[0]))]
        for note, (i, j) in zip(shown.notes[1:], entries, strict=False):
            assert note.startswith(f"$c_({i + 1}{j + 1}) =")
            assert int(note.rstrip("$").split("=")[-1]) == product[i][j]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_a_30_problem_sheet_has_some_undefined_products(seed):
    sheet = worksheets.build(["linalg.matmul"], count=30, difficulty=1, seed=seed)
    undefined = [
        p
        for p in sheet.problems
        if numpy_answer(p.exercise.data["A"], p.exercise.data["B"]) is None
    ]
    assert 1 <= len(undefined) < 30
    assert all(p.exercise.expected == "undefined" for p in undefined)


def test_problems_on_a_sheet_are_distinct(matmul_sheet):
    sheet, _, _ = matmul_sheet
    drawn = {(p.exercise.expected, json.dumps(p.exercise.data)) for p in sheet.problems}
    assert len(drawn) == len(sheet.problems)


# -- reproducibility ------------------------------------------------------------------


def test_same_seed_same_sheet(matmul_sheet, matmul_pdfs):
    again = worksheets.build(["linalg.matmul"], count=30, difficulty=2, seed=2024)
    source = worksheets.sheet_source(again, COMMAND)
    assert source == matmul_sheet[1]
    assert pdf_text(worksheets.compile_pdf(source)) == matmul_pdfs[0]
    other = worksheets.build(["linalg.matmul"], count=30, difficulty=2, seed=2025)
    assert worksheets.sheet_source(other, COMMAND) != source


def test_same_seed_same_bytes_in_another_process(tmp_path):
    code = (
        "from dlmath import worksheets as w\n"
        "s = w.build(['linalg.matmul'], count=6, difficulty=3, seed=99)\n"
        "import sys; sys.stdout.buffer.write(w.compile_pdf(w.key_source(s, 'x')))\n"
    )
    runs = []
    for hash_seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        runs.append(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True))
    assert runs[0].returncode == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.startswith(b"%PDF")


def test_problem_seeds_depend_on_sheet_skill_and_position():
    seeds = {worksheets.problem_seed(7, "linalg.matmul", i) for i in range(200)}
    assert len(seeds) == 200
    assert worksheets.problem_seed(7, "linalg.matmul", 0) != worksheets.problem_seed(
        8, "linalg.matmul", 0
    )
    assert worksheets.problem_seed(7, "linalg.matmul", 0) != worksheets.problem_seed(
        7, "linalg.trace", 0
    )


# -- several skills, any skill --------------------------------------------------------


def test_several_skills_mix_in_one_sheet():
    skills = ["linalg.matmul", "linalg.determinant", "linalg.trace"]
    sheet = worksheets.build(skills, count=10, difficulty=1, seed=5)
    assert [s.skill for s in sheet.sections] == skills
    assert [len(s.problems) for s in sheet.sections] == [4, 3, 3]
    assert [p.number for p in sheet.problems] == list(range(1, 11))
    assert all(p.exercise.skill == s.skill for s in sheet.sections for p in s.problems)
    text = pdf_text(worksheets.compile_pdf(worksheets.sheet_source(sheet, "x")))
    for section in sheet.sections:
        assert section.name in text


@pytest.mark.parametrize("difficulty", [1, 2, 3])
def test_every_practice_skill_prints(difficulty):
    skills = sorted(generators())
    sheet = worksheets.build(skills, count=2 * len(skills), difficulty=difficulty, seed=11)
    key = worksheets.key_source(sheet, "x")
    for problem in sheet.problems:
        ex = problem.exercise
        assert typeset.answer(ex.kind, ex.expected, ex.shapes or None) in key
    assert pdf_text(worksheets.compile_pdf(worksheets.sheet_source(sheet, "x")))
    assert pdf_text(worksheets.compile_pdf(key))


def _exercise(text: str, data: dict, expected: str = "3", kind: str = "number") -> Exercise:
    return Exercise(
        prompt="",
        text=text,
        kind=kind,
        expected=expected,
        data=data,
        hints=[],
        solution="",
        id="linalg.trace:1:0",
        skill="linalg.trace",
    )


def test_generic_layout_typesets_the_matrices_of_the_prompt():
    a, x = [[1, -2], [3, 4]], [5, 6]
    text = "Compute A x.\n\n" + named_grids([("A", a), ("x", [[5], [6]])]) + "\n\nAnswer as [1, 2]."
    shown = GenericLayout().typeset(_exercise(text, {"A": a, "x": x}))
    assert typeset.matrix(a) in shown.statement and typeset.matrix([[5], [6]]) in shown.statement
    assert "⎡" not in shown.statement and "Answer as" not in shown.statement
    # a picture of a matrix that is not in the data stays as it was, as raw text
    kept = GenericLayout().typeset(_exercise(text, {"A": a}))
    assert "#raw(" in kept.statement and "⎡" in kept.statement


# -- escaping -------------------------------------------------------------------------

HOSTILE = st.text(
    alphabet=st.sampled_from(
        list("#$*_`<>@[]\\~/-+=\"'.,:;(){}!?%&|^0123456789 abcdemnopqrstuvwxyz")
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=25)
@given(text=HOSTILE)
def test_markup_and_strings_show_text_as_it_is(text):
    source = f"#set page(width: 30cm, height: auto)\n{markup(text)}\n\n#text({string(text)})\n"
    shown = pdf_text(worksheets.compile_pdf(source)).replace("−", "-")
    wanted = "".join(text.split())
    assert "".join(shown.split()) == wanted + wanted


def test_exercise_text_cannot_inject_typst():
    evil = '#import "x": * #let y = 1 $ z $ ] ) } /* //\n= Heading\n- item'
    shown = GenericLayout().typeset(_exercise(evil, {}, expected="#panic()", kind="choice"))
    pdf = worksheets.compile_pdf(
        "#set page(height: auto)\n" + shown.statement + "\n\n" + shown.answer
    )
    text = pdf_text(pdf)
    assert "#import" in text and "#panic()" in text


# -- the command line -----------------------------------------------------------------

runner = CliRunner()


def test_cli_writes_sheet_and_key(tmp_path):
    sheet, key = tmp_path / "sheet.pdf", tmp_path / "key.pdf"
    args = ["worksheet", "linalg.matmul", "--count", "8", "--seed", "3", "-o", str(sheet)]
    result = runner.invoke(app, [*args, "--answers", str(key), "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["seed"] == 3 and info["count"] == 8 and len(info["exercises"]) == 8
    assert labels_in(pdf_text(sheet.read_bytes())) == list(range(1, 9))
    assert labels_in(pdf_text(key.read_bytes())) == list(range(1, 9))
    assert "--seed 3" in info["command"] and str(tmp_path) not in info["command"]


def test_cli_default_seed_is_printed_and_reproduces(tmp_path):
    first = tmp_path / "a.typ"
    result = runner.invoke(
        app, ["worksheet", "linalg.matmul", "-n", "5", "-o", str(first), "-f", "typ"]
    )
    assert result.exit_code == 0, result.output
    seed = re.search(r"seed (\d+)", result.stdout).group(1)
    second = tmp_path / "b.typ"
    args = ["worksheet", "linalg.matmul", "-n", "5", "-s", seed, "-o", str(second), "-f", "typ"]
    assert runner.invoke(app, args).exit_code == 0
    strip = lambda path: re.sub(r"-o \S+", "", path.read_text())  # noqa: E731
    assert strip(first) == strip(second)


def test_cli_format_typ_writes_typst_source(tmp_path):
    sheet, key = tmp_path / "s.typ", tmp_path / "k.typ"
    args = ["worksheet", "linalg.matmul", "-n", "4", "-s", "1", "-o", str(sheet)]
    result = runner.invoke(app, [*args, "--answers", str(key), "--format", "typ"])
    assert result.exit_code == 0, result.output
    source = sheet.read_text()
    assert source.startswith("#set document(") and 'mat(delim: "["' in source
    assert labels_in(pdf_text(worksheets.compile_pdf(source))) == [1, 2, 3, 4]
    assert "Answer key" in key.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["linalg.matmul", "--count", "0"], "count must be between"),
        (["linalg.matmul", "--difficulty", "4"], "difficulty must be 1, 2 or 3"),
        (["linalg.matmul", "--seed", "-1"], "seed must be between"),
        (["linalg.matmul", "linalg.nothing"], "no exercises for skill(s) linalg.nothing"),
    ],
)
def test_cli_bad_input_exits_2(tmp_path, args, message):
    result = runner.invoke(app, ["worksheet", *args, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert message in result.stderr and result.stdout == ""
    assert not (tmp_path / "x.pdf").exists()


def test_cli_bad_skill_is_a_clean_error_in_a_real_process(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "dlmath", "worksheet", "linalg.nothing", "-o", str(tmp_path / "x")],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert "no exercises for skill(s) linalg.nothing" in out.stderr
    assert "Traceback" not in out.stderr


def test_data_tables_keep_their_lines():
    from dlmath.worksheets.layouts import GenericLayout

    text = "A training set:\n\n#  windy  play\n1  yes    no\n2  no     yes\n\nWhich feature?"
    typeset_problem = GenericLayout().typeset(_exercise(text, {}))
    assert "#raw(" in typeset_problem.statement and "windy  play" in typeset_problem.statement


def test_choice_questions_keep_their_options():
    from dlmath.exercises import exercise

    found = 0
    for skill in sorted(generators()):
        for seed in range(4):
            ex = exercise(skill, 2, seed)
            if ex.kind != "choice" or not ex.choices:
                continue
            found += 1
            statement = GenericLayout().typeset(ex).statement
            for option in ex.choices:
                assert option in statement.replace("\\", ""), (ex.id, option)
    assert found
