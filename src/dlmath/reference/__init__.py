"""The verified identity reference: matrix algebra, matrix calculus, deep-learning
gradients, Gaussians and information theory, each identity in the input language with
its shapes, assumptions, conditions and source, and checked numerically by the tests.

Light to import: the data is read and parsed on first use, without NumPy.
"""

from dlmath.reference.identity import KINDS, Identity, identity_json
from dlmath.reference.identity_file import (
    ReferenceDataError,
    check_shapes,
    get_identity,
    load_identities,
    parse_identities,
)
from dlmath.reference.search import search

__all__ = [
    "identity_json",
    "check_shapes",
    "KINDS",
    "Identity",
    "ReferenceDataError",
    "get_identity",
    "load_identities",
    "parse_identities",
    "search",
]
