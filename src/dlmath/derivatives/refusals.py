"""Why a derivative is not given: a part that cannot be differentiated, or a result that
failed its numerical check. Both are ``InputError``s so that every interface reports
them cleanly (a message, a caret, exit code 2), never with a traceback."""

from __future__ import annotations

from dlmath.expr.errors import InputError


class NotDifferentiable(InputError):
    """A sub-expression dlmath cannot differentiate (the message names it)."""


class UnverifiedDerivative(InputError):
    """A derived result disagreed with finite differences, so it is not shown."""
