"""``dlmath info gain|huffman|gaussian``: information-theory calculators for your own data."""

from __future__ import annotations

from pathlib import Path

import typer

from dlmath.cli.output import emit_json, fail

info_app = typer.Typer(
    help="Information theory on your own numbers: ID3 gains, Huffman codes, Gaussians.",
    no_args_is_help=True,
)


def _refuse(message: str, as_json: bool) -> None:
    if as_json:
        emit_json({"error": message})
    fail(f"error: {message}")


@info_app.command("gain")
def gain_command(
    file: Path = typer.Argument(..., help="A CSV file with a header line."),
    target: str = typer.Option(..., "--target", help="The column to predict."),
    tree: bool = typer.Option(False, "--tree", help="Also grow the whole ID3 tree."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object on stdout."),
) -> None:
    """The target's entropy and the information gain of every other column (ID3)."""
    from dlmath.calculators import CalculatorError
    from dlmath.calculators.decision_tree import MAX_BYTES, gains, id3, read_table

    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        _refuse(f"cannot read {file}: {error.strerror}", as_json)
    try:
        table = read_table(data)
        result = gains(table, target)
        grown = id3(table, target) if tree else None
    except CalculatorError as error:
        _refuse(str(error), as_json)
    if as_json:
        out = result.to_json()
        if grown is not None:
            out["tree"] = grown.to_json()
        emit_json(out)
        return
    typer.echo(f"H({target}) = {result.entropy:.4f} bits")
    width = max(len(c) for c in result.gains)
    for column, value in sorted(result.gains.items(), key=lambda kv: -kv[1]):
        typer.echo(f"  Gain({column}){' ' * (width - len(column))} = {value:.4f}")
    typer.echo(f"best split: {result.best}")
    if grown is not None:
        typer.echo("ID3 tree:")
        typer.echo("\n".join("  " + line for line in grown.lines()))


@info_app.command("huffman")
def huffman_command(
    values: list[str] = typer.Argument(..., help="Probabilities (or counts with --counts)."),
    counts: bool = typer.Option(False, "--counts", help="The numbers are counts."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object on stdout."),
) -> None:
    """A Huffman code, its expected length and the entropy bound, beside Shannon–Fano."""
    from dlmath.calculators import CalculatorError
    from dlmath.calculators.numbers import read_number
    from dlmath.calculators.source_codes import distribution, huffman, shannon_fano

    try:
        numbers = [read_number(v, f"symbol {i + 1}") for i, v in enumerate(values)]
        probabilities = distribution(numbers, counts)
    except CalculatorError as error:
        _refuse(str(error), as_json)
    code, fano = huffman(probabilities), shannon_fano(probabilities)
    if as_json:
        out = code.to_json()
        out["shannon_fano"] = fano.to_json()
        emit_json(out)
        return
    typer.echo("symbol  p         Huffman   Shannon–Fano")
    for i, p in enumerate(probabilities):
        typer.echo(f"{i + 1:<7} {p:<9.4g} {code.codes[i]:<9} {fano.codes[i]}")
    typer.echo(f"entropy H = {code.entropy:.4f} bits")
    typer.echo(
        f"expected length: Huffman {code.expected_length:.4f}, "
        f"Shannon–Fano {fano.expected_length:.4f} (H ≤ L < H + 1)"
    )


@info_app.command("gaussian")
def gaussian_command(
    mean: str = typer.Option(..., "--mean", help="The mean, a vector like [0, 1]."),
    cov: str = typer.Option(..., "--cov", help="The covariance Σ, like [[2, 0], [0, 1]]."),
    kl_to: str | None = typer.Option(None, "--kl-to", help="The other Gaussian's mean."),
    kl_to_cov: str | None = typer.Option(
        None, "--kl-to-cov", help="The other Gaussian's covariance (default: Σ)."
    ),
    as_json: bool = typer.Option(False, "--json", help="One JSON object on stdout."),
) -> None:
    """Differential entropy ½ log det(2πeΣ), and KL(N(mean, Σ) ‖ N(kl-to, kl-to-cov))."""
    from dlmath.calculators import CalculatorError
    from dlmath.calculators.gaussian import gaussian
    from dlmath.calculators.numbers import read_rows

    try:
        mu, sigma = read_rows(mean, "--mean"), read_rows(cov, "--cov")
        other = read_rows(kl_to, "--kl-to") if kl_to else None
        other_cov = read_rows(kl_to_cov, "--kl-to-cov") if kl_to_cov else sigma
        if kl_to_cov and not kl_to:
            raise CalculatorError("--kl-to-cov needs --kl-to (the other mean)")
        report = gaussian(mu, sigma, other, other_cov if other else None)
    except CalculatorError as error:
        _refuse(str(error), as_json)
    if as_json:
        emit_json(report.to_json())
        return
    out = report.to_json()
    typer.echo(
        f"entropy ½ log det(2πeΣ) = {out['entropy']['nats']:.6g} nats "
        f"= {out['entropy']['bits']:.6g} bits"
    )
    if "kl" in out:
        typer.echo(f"KL = {out['kl']['nats']:.6g} nats = {out['kl']['bits']:.6g} bits")
