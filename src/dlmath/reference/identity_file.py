"""Loading ``identities.toml``: every entry is parsed with the input language and its
shapes are checked, so a malformed identity fails at load time, not when shown."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from dlmath.expr import InputError, infer_shape, parse, parse_shape
from dlmath.expr.declarations import ASSUMPTIONS
from dlmath.reference.identity import KINDS, Identity

_FIELDS = {
    "id", "title", "kind", "lhs", "rhs", "shapes", "assume", "conditions", "source", "tags",
    "wrt", "variable", "mean", "cov", "erratum", "note",
}  # fmt: skip


class ReferenceDataError(ValueError):
    """An entry of the identity data that cannot be used as written."""


@cache
def load_identities() -> tuple[Identity, ...]:
    """All identities, in the order of the data file."""
    text = resources.files("dlmath.reference").joinpath("identities.toml").read_text("utf-8")
    return parse_identities(text)


def parse_identities(text: str) -> tuple[Identity, ...]:
    """Identities from TOML text (``[[identity]]`` tables); raises ReferenceDataError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ReferenceDataError(f"identities data is not valid TOML: {error}") from error
    seen: set[str] = set()
    out = []
    for entry in data.get("identity", []):
        identity = _build(entry)
        if identity.id in seen:
            raise ReferenceDataError(f"duplicate identity id {identity.id!r}")
        seen.add(identity.id)
        out.append(identity)
    return tuple(out)


def get_identity(identity_id: str) -> Identity:
    """The identity with this id; KeyError when there is none."""
    for identity in load_identities():
        if identity.id == identity_id:
            return identity
    raise KeyError(identity_id)


def _build(entry: dict) -> Identity:
    ident = entry.get("id", "?")
    unknown = set(entry) - _FIELDS
    if unknown:
        raise ReferenceDataError(f"{ident}: unknown fields {sorted(unknown)}")
    for required in ("id", "title", "lhs", "rhs", "source"):
        if not isinstance(entry.get(required), str) or not entry[required].strip():
            raise ReferenceDataError(f"{ident}: missing {required!r}")
    kind = entry.get("kind", "equality")
    if kind not in KINDS:
        raise ReferenceDataError(f"{ident}: kind must be one of {KINDS}, got {kind!r}")
    assume = {name: tuple(props) for name, props in entry.get("assume", {}).items()}
    for name, props in assume.items():
        bad = set(props) - set(ASSUMPTIONS)
        if bad:
            raise ReferenceDataError(f"{ident}: unknown assumptions {sorted(bad)} for {name}")
    identity = Identity(
        id=entry["id"],
        title=entry["title"],
        kind=kind,
        lhs=entry["lhs"],
        rhs=entry["rhs"],
        shapes=dict(entry.get("shapes", {})),
        assume=assume,
        conditions=entry.get("conditions", ""),
        source=entry["source"],
        tags=tuple(entry.get("tags", ())),
        wrt=entry.get("wrt"),
        variable=entry.get("variable"),
        mean=entry.get("mean"),
        cov=entry.get("cov"),
        erratum=entry.get("erratum"),
        note=entry.get("note", ""),
    )
    _check(identity)
    return identity


def _check(identity: Identity) -> None:
    """Parse every expression and check its names; shapes are checked by ``check_shapes``."""
    ident = identity.id
    texts = [("lhs", identity.lhs), ("rhs", identity.rhs), ("erratum", identity.erratum)]
    texts += [("mean", identity.mean), ("cov", identity.cov)]
    for label, text in texts:
        if text is None:
            continue
        try:
            expr = parse(text, identity.shapes)
        except InputError as error:
            raise ReferenceDataError(f"{ident}: {label}: {error.describe()}") from error
        undeclared = expr.names() - set(identity.shapes)
        if undeclared:
            raise ReferenceDataError(f"{ident}: {label} uses undeclared {sorted(undeclared)}")
    for name in list(identity.assume) + [identity.wrt, identity.variable]:
        if name is not None and name not in identity.shapes:
            raise ReferenceDataError(f"{ident}: {name!r} is not declared in shapes")
    if identity.kind == "gradient" and not identity.wrt:
        raise ReferenceDataError(f"{ident}: a gradient needs 'wrt'")
    if identity.kind in ("expectation", "integral") and not identity.variable:
        raise ReferenceDataError(f"{ident}: needs 'variable'")
    if identity.kind == "expectation" and not (identity.mean and identity.cov):
        raise ReferenceDataError(f"{ident}: an expectation needs 'mean' and 'cov'")


def check_shapes(identity: Identity) -> None:
    """Check that both sides have the shapes the identity claims (lhs and rhs alike; a
    gradient the shape of its variable); raises ReferenceDataError or InputError."""
    ident = identity.id
    shapes = {name: parse_shape(s) for name, s in identity.shapes.items()}
    sides = [("lhs", identity.lhs), ("rhs", identity.rhs)]
    if identity.erratum:
        sides.append(("erratum", identity.erratum))
    inferred = {
        label: infer_shape(parse(text, identity.shapes), shapes, text, strict=True)
        for label, text in sides
    }
    if identity.kind == "gradient":
        _check_gradient(identity, shapes, inferred)
    elif identity.kind in ("expectation", "integral"):
        _check_integral(identity, shapes)
    if identity.kind != "gradient":
        for label in inferred:
            zero = dict(sides)[label].strip() == "0"  # the zero matrix fits any shape
            if label != "lhs" and not zero and not _same_shape(inferred["lhs"], inferred[label]):
                raise ReferenceDataError(
                    f"{ident}: lhs is {inferred['lhs']} but {label} is {inferred[label]}"
                )


def _check_gradient(identity: Identity, shapes: dict, inferred: dict) -> None:
    ident = identity.id
    if not inferred["lhs"].is_scalar:
        raise ReferenceDataError(f"{ident}: the function of a gradient must be a scalar")
    for label in ("rhs", "erratum"):
        if label in inferred and not _same_shape(inferred[label], shapes[identity.wrt]):
            raise ReferenceDataError(
                f"{ident}: the gradient ({label}) is {inferred[label]} but "
                f"{identity.wrt} is {shapes[identity.wrt]}"
            )


def _check_integral(identity: Identity, shapes: dict) -> None:
    ident = identity.id
    var = identity.variable
    if identity.kind == "integral" and not shapes[var].is_scalar:
        raise ReferenceDataError(f"{ident}: an integral runs over a scalar variable")
    if identity.kind == "expectation":
        for label, text in (("mean", identity.mean), ("cov", identity.cov)):
            shape = infer_shape(parse(text, identity.shapes), shapes, text, strict=True)
            n = shapes[var].rows
            want = parse_shape(f"{n}") if label == "mean" else parse_shape(f"{n}x{n}")
            if not _same_shape(shape, want):
                raise ReferenceDataError(f"{ident}: {label} is {shape}, expected {want}")


def _same_shape(a, b) -> bool:
    """Equal shapes; a bare 0 or a multiple of I (free dimensions) fits any shape."""
    from dlmath.expr.shapes import Free

    def fits(x, y) -> bool:
        return isinstance(x, Free) or isinstance(y, Free) or x == y

    if a.is_scalar and not b.is_scalar or b.is_scalar and not a.is_scalar:
        return False
    return fits(a.rows, b.rows) and fits(a.cols, b.cols)
