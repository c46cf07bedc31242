"""``dlmath eval`` and ``dlmath equiv``: the CLI contract (JSON fields, exit codes)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dlmath.cli.app import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_equiv_contract_example():
    out = run("equiv", "B A", "A^T B^T", "--shape", "A=3x4", "--shape", "B=5x3", "--json")
    assert out.exit_code == 1
    obj = json.loads(out.stdout)
    assert obj["equivalent"] is False
    assert obj["diagnosis"] == "transpose"


def test_equiv_equal_exits_zero():
    out = run("equiv", "A^T(Ax - b)", "A^T A x - A^T b", "-s", "A=4x2", "-s", "x=2", "-s", "b=4")
    assert out.exit_code == 0
    assert out.stdout.strip() == "equivalent"


def test_equiv_with_assumption():
    args = ["equiv", "2 A x", "(A + A^T) x", "--shape", "A=3x3", "--shape", "x=3", "--json"]
    assert json.loads(run(*args).stdout)["diagnosis"] == "symmetric-only"
    out = run(*args, "--assume", "A=symmetric")
    assert out.exit_code == 0 and json.loads(out.stdout)["equivalent"] is True


def test_equiv_bad_expected_exits_two():
    out = run("equiv", "x", "x +")
    assert out.exit_code == 2
    assert "error:" in out.stderr


def test_equiv_bad_shape_option():
    out = run("equiv", "x", "x", "--shape", "x")
    assert out.exit_code == 2


def test_eval_exact_values():
    obj = json.loads(run("eval", "inv([1 2; 3 4])", "--json").stdout)
    assert obj["value"] == "[[-2, 1], [3/2, -1/2]]"
    assert obj["shape"] == "2x2"
    assert obj["exact"] is True
    obj = json.loads(run("eval", "1/2 + 1/3", "--json").stdout)
    assert obj["value"] == "5/6"


def test_eval_float_value():
    obj = json.loads(run("eval", "sqrt(2)", "--json").stdout)
    assert obj["exact"] is False
    assert abs(float(obj["value"]) - 2**0.5) < 1e-9


def test_eval_shape_of_symbolic_expression():
    obj = json.loads(run("eval", "A^T x", "--shape", "A=3x4", "--shape", "x=3", "--json").stdout)
    assert obj["value"] is None
    assert obj["shape"] == "4x1"


def test_eval_shape_error():
    out = run("eval", "A x", "--shape", "A=3x4", "--shape", "x=3", "--json")
    assert out.exit_code == 2
    obj = json.loads(out.stdout)
    assert "the columns of A (4) must equal the rows of x (3)" in obj["error"]
    assert "A is 3×4 but x is 3×1" in out.stderr


def test_eval_grid_in_terminal():
    out = run("eval", "[[1, 2], [3, 4]] [5, 6]")
    assert out.exit_code == 0
    assert "⎡ 17 ⎤" in out.stdout and "⎣ 39 ⎦" in out.stdout


def test_every_command_has_help():
    from dlmath.cli.app import app as application

    for command in application.registered_commands:
        name = command.name or command.callback.__name__
        assert run(name, "--help").exit_code == 0, name
