"""``dlmath solve``: a small LP, QP or convex problem with its KKT certificate, or the
linear SVM dual of a small data set."""

from __future__ import annotations

from pathlib import Path

import typer

from dlmath.cli.output import emit_json, fail


def solve_command(
    minimize: str | None = typer.Option(None, "--minimize", help="The objective, like x1 + 2 x2."),
    subject_to: list[str] | None = typer.Option(
        None, "--subject-to", help="A constraint: lhs <= rhs, lhs >= rhs or lhs = rhs."
    ),
    var: list[str] | None = typer.Option(
        None, "--var", help="A vector variable and its size, like x=2 (others are scalars)."
    ),
    svm: Path | None = typer.Option(None, "--svm", help="A CSV data set for the linear SVM."),
    target: str = typer.Option("y", "--target", help="The SVM's label column (±1)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object on stdout."),
) -> None:
    """Minimise an objective subject to constraints (SciPy: HiGHS for LPs, SLSQP otherwise)
    and certify the answer: multipliers, dual value and gap, KKT residuals."""
    from dlmath.calculators import CalculatorError

    try:
        if svm is not None:
            from dlmath.calculators.svm import linear_svm, read_labelled

            result = linear_svm(*read_labelled(svm, target))
            if as_json:
                emit_json(result.to_json())
            else:
                typer.echo("\n".join(result.lines()))
            return
        if minimize is None:
            raise CalculatorError("give --minimize EXPR (or --svm FILE.csv)")
        from dlmath.calculators.optimum import solve
        from dlmath.calculators.program import read_program

        sizes = {}
        for item in var or []:
            name, sep, size = item.partition("=")
            if not sep or not size.strip().isdigit() or not 1 <= int(size) <= 50:
                raise CalculatorError(f"--var expects NAME=SIZE with a size 1 to 50, got {item!r}")
            sizes[name.strip()] = int(size)
        solution = solve(read_program(minimize, list(subject_to or []), sizes))
    except CalculatorError as error:
        if as_json:
            emit_json({"error": str(error)})
        fail(f"error: {error}")
    if as_json:
        emit_json(solution.to_json())
        return
    typer.echo(f"status: {solution.status} ({solution.kind})")
    if solution.status != "optimal":
        typer.echo(solution.message)
        return
    typer.echo(f"minimum: {solution.value:.8g}")
    for name, value in solution.x.items():
        shown = (
            f"{value:.8g}"
            if isinstance(value, float)
            else "[" + ", ".join(f"{v:.8g}" for v in value) + "]"
        )
        typer.echo(f"  {name} = {shown}")
    for m in solution.multipliers:
        typer.echo(f"  {m['kind'][0]} for {m['constraint']}: {m['value']:.8g}")
    typer.echo(f"dual value: {solution.dual_value:.8g}, gap: {solution.gap:.3g}")
    typer.echo("KKT residuals: " + ", ".join(f"{k} {v:.2g}" for k, v in solution.kkt.items()))
