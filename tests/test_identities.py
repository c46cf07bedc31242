"""The identity reference, checked numerically and independently of dlmath's checker.

Every identity is evaluated at random points drawn here (not by dlmath's sampler) that
honour its shapes and assumptions, with distinct sizes for symbolic dimensions:
equalities side by side, gradients against central finite differences of the function,
expectations against numerical integration (SciPy quadrature in one dimension,
Gauss-Hermite quadrature in two), integrals against SciPy. A published identity that
fails carries an erratum: the corrected form must hold and the published one must fail.
"""

from __future__ import annotations

import json
import re
import zlib

import numpy as np
import pytest

from dlmath.expr import InputError, parse, parse_shape
from dlmath.expr.evaluate import evaluate
from dlmath.reference import (
    Identity,
    ReferenceDataError,
    check_shapes,
    get_identity,
    load_identities,
    parse_identities,
    search,
)

IDENTITIES = load_identities()
POINTS = 3

#: Evaluation cannot size an I inside a Kronecker product yet.
EVALUATION_BUGS = {"vec-sylvester-operator"}


def of_kind(*kinds: str) -> list:
    out = []
    for identity in IDENTITIES:
        if identity.kind not in kinds:
            continue
        marks = []
        if identity.id in EVALUATION_BUGS:
            marks.append(pytest.mark.xfail(strict=True, reason="I inside ⊗ is not sized yet"))
        out.append(pytest.param(identity, id=identity.id, marks=marks))
    return out


# ---- drawing values -----------------------------------------------------------------


def dimension_sizes(identity: Identity, point: int) -> dict[str, int]:
    """Distinct sizes for the symbolic dimensions, different at every point."""
    symbols = sorted(
        {
            d
            for text in identity.shapes.values()
            for d in (parse_shape(text).rows, parse_shape(text).cols)
            if isinstance(d, str)
        }
    )
    pool = [2, 3, 4, 5, 6]
    shift = point % len(pool)
    pool = pool[shift:] + pool[:shift]
    return {s: pool[i] for i, s in enumerate(symbols)}


def draw(rows: int, cols: int, props: set[str], rng: np.random.Generator) -> np.ndarray:
    """One value honouring the assumptions, by the textbook recipes."""
    square = rows == cols
    if "one-hot" in props:
        out = np.zeros((rows, cols))
        out.flat[rng.integers(out.size)] = 1.0
        return out
    if "probability" in props:
        raw = rng.uniform(0.1, 1.0, size=(rows, cols))
        return raw / raw.sum()
    if "orthogonal" in props:
        q, _ = np.linalg.qr(rng.normal(size=(rows, rows)))
        return q
    if "spd" in props:
        m = rng.normal(size=(rows, rows))
        return m @ m.T + rows * np.eye(rows)
    if "diagonal" in props:
        entries = np.abs(rng.normal(size=rows)) + 0.5
        if "positive" not in props:
            entries *= rng.choice([-1.0, 1.0], size=rows)
        return np.diag(entries)
    if "positive" in props:
        out = np.abs(rng.normal(size=(rows, cols))) + 0.1
        return (out + out.T) / 2 if "symmetric" in props else out
    while True:
        m = rng.normal(size=(rows, cols))
        if "symmetric" in props and square:
            m = (m + m.T) / 2
        if not square or np.linalg.cond(m) < 50:
            return m


def environment(identity: Identity, point: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(zlib.crc32(f"{identity.id}:{point}".encode()))
    sizes = dimension_sizes(identity, point)
    env = {}
    for name, text in sorted(identity.shapes.items()):
        shape = parse_shape(text)
        rows = shape.rows if isinstance(shape.rows, int) else sizes[shape.rows]
        cols = shape.cols if isinstance(shape.cols, int) else sizes[shape.cols]
        env[name] = draw(rows, cols, set(identity.assume.get(name, ())), rng)
    return env


def value(identity: Identity, text: str, env: dict, like: np.ndarray | None = None):
    size = like.shape[0] if like is not None else None
    return evaluate(parse(text, identity.shapes), env, identity_size=size)


def close(a: np.ndarray, b: np.ndarray, rtol: float = 1e-7) -> bool:
    a, b = np.broadcast_arrays(a, b) if b.shape == (1, 1) else (a, b)
    if a.shape != b.shape:
        return False
    scale = max(1.0, float(np.max(np.abs(a))), float(np.max(np.abs(b))))
    return bool(np.allclose(a, b, rtol=rtol, atol=rtol * scale))


# ---- the data -----------------------------------------------------------------------


def test_there_are_at_least_150_identities_with_unique_ids():
    ids = [i.id for i in IDENTITIES]
    assert len(ids) >= 150
    assert len(set(ids)) == len(ids)
    assert all(i.id == i.id.lower() and " " not in i.id for i in IDENTITIES)


def test_every_identity_has_a_source_title_and_tags():
    for identity in IDENTITIES:
        assert identity.source.strip(), identity.id
        assert identity.title.strip(), identity.id
        assert identity.tags, identity.id


def test_cookbook_citations_name_the_2012_edition():
    for identity in IDENTITIES:
        if "Cookbook" in identity.source:
            assert "Matrix Cookbook (2012)" in identity.source, identity.id
            assert re.search(r"\b(eqs?|sec)\. ", identity.source), identity.id


def test_the_areas_are_all_covered():
    tags = {t for i in IDENTITIES for t in i.tags}
    for needed in (
        "inverse",
        "trace",
        "det",
        "kronecker",
        "vec",
        "derivative",
        "softmax",
        "gaussian",
        "entropy",
        "mutual information",
        "kl divergence",
        "woodbury",
    ):
        assert needed in tags, needed
    kinds = {i.kind for i in IDENTITIES}
    assert kinds == {"equality", "gradient", "expectation", "integral"}


def test_named_identities_are_present():
    for needed in (
        "woodbury",
        "push-through",
        "det-of-product",
        "det-of-inverse",
        "det-of-scalar-multiple",
        "grad-trace-axb",
        "grad-softmax-cross-entropy",
        "grad-log-sum-exp",
        "grad-sigmoid",
        "grad-tanh",
        "grad-mse",
        "entropy-chain-rule",
        "cross-entropy-decomposition",
        "kl-gaussian-1d",
        "mutual-information-from-entropies",
        "expectation-of-quadratic-form",
    ):
        assert get_identity(needed).id == needed
    with pytest.raises(KeyError):
        get_identity("no-such-identity")


@pytest.mark.parametrize("identity", [pytest.param(i, id=i.id) for i in IDENTITIES])
def test_both_sides_have_the_claimed_shapes(identity):
    check_shapes(identity)


def test_the_loader_rejects_bad_entries():
    good = '[[identity]]\nid = "x"\ntitle = "t"\nlhs = "A"\nrhs = "A"\nsource = "s"\n'
    good += 'shapes = { A = "2x2" }\n'
    assert parse_identities(good)[0].id == "x"
    with pytest.raises(ReferenceDataError, match="duplicate"):
        parse_identities(good + good)
    with pytest.raises(ReferenceDataError, match="undeclared"):
        parse_identities(good.replace('rhs = "A"', 'rhs = "B"'))
    with pytest.raises(ReferenceDataError, match="source"):
        parse_identities(good.replace('source = "s"', 'source = ""'))
    with pytest.raises(ReferenceDataError, match="kind"):
        parse_identities(good + 'kind = "theorem"\n')
    with pytest.raises(ReferenceDataError, match="assumptions"):
        parse_identities(good + 'assume = { A = ["squarish"] }\n')
    with pytest.raises(ReferenceDataError, match="rhs"):
        parse_identities(good.replace('rhs = "A"', 'rhs = "A +"'))
    with pytest.raises(ReferenceDataError, match="wrt"):
        parse_identities(good + 'kind = "gradient"\n')


# ---- equalities ---------------------------------------------------------------------


@pytest.mark.parametrize("identity", of_kind("equality"))
def test_equality_holds_at_random_points(identity):
    published_fails = False
    for point in range(POINTS):
        env = environment(identity, point)
        left = value(identity, identity.lhs, env)
        right = value(identity, identity.verified_rhs, env, like=left)
        assert close(left, right), f"{identity.id} at point {point}:\n{left}\n{right}"
        if identity.erratum:
            published = value(identity, identity.rhs, env, like=left)
            published_fails |= not close(left, published)
    if identity.erratum:
        assert published_fails, f"{identity.id}: the published form holds; drop the erratum"


# ---- gradients ----------------------------------------------------------------------


def finite_difference_gradient(identity: Identity, env: dict) -> np.ndarray:
    expr = parse(identity.lhs, identity.shapes)
    x = env[identity.wrt]
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        h = 1e-6 * max(1.0, abs(x[idx]))
        values = []
        for sign in (1.0, -1.0):
            moved = x.copy()
            moved[idx] += sign * h
            f = evaluate(expr, {**env, identity.wrt: moved})
            assert f.shape == (1, 1), f"{identity.id}: the function is not a scalar"
            values.append(f[0, 0])
        grad[idx] = (values[0] - values[1]) / (2 * h)
    return grad


@pytest.mark.parametrize("identity", of_kind("gradient"))
def test_gradient_matches_finite_differences(identity):
    published_fails = False
    for point in range(POINTS):
        env = environment(identity, point)
        numeric = finite_difference_gradient(identity, env)
        formula = value(identity, identity.verified_rhs, env, like=numeric)
        assert close(formula, numeric, rtol=1e-5), (
            f"{identity.id} at point {point}:\nformula\n{formula}\nfinite differences\n{numeric}"
        )
        if identity.erratum:
            published = value(identity, identity.rhs, env, like=numeric)
            published_fails |= not close(published, numeric, rtol=1e-5)
    if identity.erratum:
        assert published_fails, f"{identity.id}: the published form holds; drop the erratum"


def _derive():
    try:
        from dlmath.derivatives import derive
    except ImportError:
        return None
    return derive


@pytest.mark.parametrize("identity", of_kind("gradient"))
def test_gradient_matches_derive(identity):
    derive = _derive()
    if derive is None:
        pytest.skip("dlmath.derivatives.derive is not available yet")
    assume = {name: list(props) for name, props in identity.assume.items()}
    result = derive(identity.lhs, wrt=identity.wrt, shapes=identity.shapes, assume=assume)
    for point in range(POINTS):
        env = environment(identity, point)
        expected = value(identity, identity.verified_rhs, env, like=env[identity.wrt])
        got = value(identity, result.result, env, like=env[identity.wrt])
        assert close(got, expected, rtol=1e-6), f"{identity.id}: derive gave {result.result}"


# ---- expectations and integrals -------------------------------------------------------


def gaussian_expectation(identity: Identity, env: dict) -> np.ndarray:
    """E[lhs] for variable ~ N(mean, cov): SciPy quadrature in 1-D, Gauss-Hermite in n-D."""
    from scipy import integrate, stats

    expr = parse(identity.lhs, identity.shapes)
    mean = value(identity, identity.mean, env)
    cov = value(identity, identity.cov, env)
    name = identity.variable
    if mean.shape == (1, 1):
        mu, sd = float(mean[0, 0]), float(np.sqrt(cov[0, 0]))

        def integrand(t: float) -> float:
            return float(evaluate(expr, {**env, name: np.array([[t]])})[0, 0]) * stats.norm.pdf(
                t, mu, sd
            )

        result, _ = integrate.quad(integrand, mu - 12 * sd, mu + 12 * sd, limit=200)
        return np.array([[result]])
    nodes, weights = np.polynomial.hermite_e.hermegauss(12)
    weights = weights / weights.sum()
    root = np.linalg.cholesky(cov)
    n = mean.shape[0]
    total = None
    for index in np.ndindex(*(len(nodes),) * n):
        z = np.array([[nodes[i]] for i in index])
        w = float(np.prod([weights[i] for i in index]))
        term = w * evaluate(expr, {**env, name: mean + root @ z})
        total = term if total is None else total + term
    return total


@pytest.mark.parametrize("identity", of_kind("expectation"))
def test_expectation_matches_numerical_integration(identity):
    for point in range(POINTS):
        env = environment(identity, point)
        numeric = gaussian_expectation(identity, env)
        formula = value(identity, identity.verified_rhs, env, like=numeric)
        assert close(formula, numeric, rtol=1e-6), (
            f"{identity.id} at point {point}:\nformula\n{formula}\nintegral\n{numeric}"
        )


@pytest.mark.parametrize("identity", of_kind("integral"))
def test_integral_matches_scipy(identity):
    from scipy import integrate

    expr = parse(identity.lhs, identity.shapes)
    for point in range(POINTS):
        env = environment(identity, point)

        def integrand(t: float, env=env) -> float:
            return float(evaluate(expr, {**env, identity.variable: np.array([[t]])})[0, 0])

        numeric, _ = integrate.quad(integrand, -np.inf, np.inf, limit=200)
        formula = value(identity, identity.verified_rhs, env)[0, 0]
        assert numeric == pytest.approx(formula, rel=1e-6), identity.id


def test_the_quadrature_catches_a_wrong_moment():
    """The expectation check is not vacuous: a wrong closed form fails it."""
    identity = get_identity("gaussian-1d-fourth-moment")
    env = environment(identity, 0)
    numeric = gaussian_expectation(identity, env)[0, 0]
    wrong = value(identity, "mu^4 + 6 mu^2 s^2 + 2 s^4", env)[0, 0]
    assert numeric != pytest.approx(wrong, rel=1e-6)


def test_finite_differences_catch_a_transposed_gradient():
    identity = get_identity("grad-power-bilinear-2")
    env = environment(identity, 0)
    numeric = finite_difference_gradient(identity, env)
    assert close(value(identity, identity.rhs, env), numeric, rtol=1e-5)
    transposed = value(identity, "(a b^T X^T + X^T a b^T)^T", env)
    assert not close(transposed, numeric, rtol=1e-5)


# ---- search -------------------------------------------------------------------------


def test_empty_query_gives_everything_in_order():
    assert search("") == list(IDENTITIES)


def test_search_by_equation_number():
    found = search("eq. 101")
    assert found and found[0].id == "grad-trace-axb"
    assert all("101" in i.source for i in found)
    assert all("1010" not in i.source for i in search("eq 101"))
    assert {i.id for i in search("Cookbook eq. 156")} == {"woodbury"}
    assert {i.id for i in search("(21)")} >= {"det-of-product"}


def test_search_by_words():
    woodbury = search("woodbury")
    assert woodbury and woodbury[0].id.startswith("woodbury")
    assert any(i.id == "grad-softmax-cross-entropy" for i in search("softmax cross-entropy"))
    assert search("mutual information")[0].id.startswith("mutual-information")
    assert all("gaussian" in i.tags for i in search("gaussian kl divergence"))
    assert search("zebra quaternion") == []


def test_search_by_symbol():
    assert all("⊗" in i.symbols for i in search("⊗"))
    assert len(search("⊗")) >= 10
    assert {i.id for i in search("kronecker")} >= {"kron-mixed-product", "kron-inverse"}
    dets = search("det")
    assert dets and all("det" in i.symbols or "det" in i.title for i in dets)
    assert all("inv" in i.symbols or "inverse" in i.tags for i in search("inv"))
    assert any(i.id == "grad-log-sum-exp" for i in search("softmax"))
    assert search("tr")[0].id.startswith("trace-")


def test_search_by_expression():
    assert search("tr(A X B)")[0].id == "grad-trace-axb"
    assert search("(A B)^-1")[0].id == "inverse-of-product"


def test_search_by_source():
    goodfellow = search("Goodfellow")
    assert len(goodfellow) >= 10 and all("Goodfellow" in i.source for i in goodfellow)
    backprop = search("Goodfellow 6.5")
    assert backprop and all("sec. 6.5" in i.source for i in backprop)
    assert all("sec. 8.2.4" in i.source for i in search("sec. 8.2.4"))
    assert all("Cover & Thomas" in i.source for i in search("Cover Thomas"))


def test_errata_are_marked_and_searchable():
    errata = [i for i in IDENTITIES if i.erratum]
    assert len(errata) >= 3
    assert all(i.note for i in errata)
    assert {i.id for i in search("erratum")} == {i.id for i in errata}


# ---- command line -------------------------------------------------------------------


def run(*args: str):
    from typer.testing import CliRunner

    from dlmath.cli.app import app

    return CliRunner().invoke(app, ["identities", *args])


def test_cli_json_contract():
    out = run("eq. 101", "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert set(data) == {"identities", "count", "query"}
    first = data["identities"][0]
    for key in ("id", "lhs", "rhs", "conditions", "source", "latex", "text", "kind"):
        assert key in first
    assert first["id"] == "grad-trace-axb"
    assert set(first["latex"]) == {"lhs", "rhs"}
    assert "\\operatorname{tr}" in first["latex"]["lhs"] or "tr" in first["latex"]["lhs"]
    assert first["wrt"] == "X"
    parse(first["lhs"], first["shapes"])  # input language, round-trips through the parser
    parse(first["rhs"], first["shapes"])


def test_cli_json_everything():
    data = json.loads(run("--json").stdout)
    assert data["count"] == len(IDENTITIES) == len(data["identities"])
    erratum = next(i for i in data["identities"] if i["id"] == "grad-rayleigh-ratio")
    assert erratum["rhs"] == get_identity("grad-rayleigh-ratio").erratum
    assert erratum["erratum"]["published"] == get_identity("grad-rayleigh-ratio").rhs


def test_cli_text_output():
    out = run("woodbury")
    assert out.exit_code == 0
    assert "(A + C B Cᵀ)⁻¹ = " in out.stdout
    assert "Matrix Cookbook (2012) eq. 156" in out.stdout
    assert "when:" in out.stdout


def test_cli_text_shows_gradients_and_errata():
    out = run("eq. 95")
    assert "∇_x" in out.stdout
    assert "erratum" in out.stdout.lower()


def test_cli_no_match_is_not_an_error():
    out = run("zebra quaternion")
    assert out.exit_code == 0
    assert "no identity" in out.stdout.lower()
    assert json.loads(run("zebra quaternion", "--json").stdout)["identities"] == []


def test_identity_texts_render_and_parse_back():
    """The Unicode text shown for each side reads back to the same value (up to
    regrouping of sums and products), and every side renders to LaTeX."""
    from dlmath.expr.render import to_latex, to_text

    for identity in IDENTITIES:
        if identity.id in EVALUATION_BUGS:
            continue
        env = environment(identity, 0)
        for text in (identity.lhs, identity.verified_rhs):
            expr = parse(text, identity.shapes)
            assert to_latex(expr), identity.id
            shown = to_text(expr)
            try:
                again = parse(shown, identity.shapes)
            except InputError as error:
                pytest.fail(f"{identity.id}: {shown!r} does not parse back: {error}")
            before = evaluate(expr, env, identity_size=2)
            after = evaluate(again, env, identity_size=2)
            assert close(before, after), f"{identity.id}: {text!r} shown as {shown!r}"
