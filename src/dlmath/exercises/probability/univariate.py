"""One random variable: sample spaces, conditional probability, Bayes's rule, CDFs, PMFs
and PDFs, expectation, variance and the common distributions.

Every answer is exact (a fraction, or an exact expression such as ``9/2*exp(-3)``)
except the normal probabilities, which are decimals with a stated tolerance. Numbers are
drawn so the arithmetic stays small; all randomness comes from the ``rng``. The words
around the numbers (two-way tables, screening stories) live in ``stories.toml``.
"""

from __future__ import annotations

import functools
import itertools
import math
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.probability.tables import fractions_json, pmf_latex, pmf_text, random_pmf
from dlmath.exercises.registry import register
from dlmath.expr.literals import format_number, latex_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

Value = Fraction | int


# ---------------------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------------------


@functools.cache
def _stories() -> dict[str, Any]:
    package = resources.files("dlmath.exercises.probability")
    return tomllib.loads(package.joinpath("stories.toml").read_text(encoding="utf-8"))


def _pick(rng: np.random.Generator, options: Sequence[Any]) -> Any:
    return options[int(rng.integers(len(options)))]


def _int(rng: np.random.Generator, lo: int, hi: int) -> int:
    """An integer in [lo, hi]."""
    return int(rng.integers(lo, hi + 1))


def _t(value: Value) -> str:
    return format_number(Fraction(value))


def _lx(value: Value) -> str:
    return latex_number(Fraction(value))


def _ratio(top: int, bottom: int) -> str:
    """``\\frac{19}{57} = \\frac{1}{3}``, or just the fraction when already in lowest terms."""
    p = Fraction(top, bottom)
    raw = f"\\frac{{{top}}}{{{bottom}}}"
    return raw if (p.numerator, p.denominator) == (top, bottom) else f"{raw} = {_lx(p)}"


def _percent(p: Fraction) -> str:
    value = p * 100
    return f"{_t(value) if value.denominator == 1 else format(float(value), 'g')}%"


def _cell_text(value: Value | str) -> str:
    return value if isinstance(value, str) else _t(value)


def _text_table(header: Sequence[Value | str], rows: Sequence[Sequence[Value | str]]) -> str:
    """An aligned terminal table of counts: labels left, numbers right."""
    cells = [[_cell_text(c) for c in header], *[[_cell_text(c) for c in row] for row in rows]]
    widths = [max(len(row[j]) for row in cells) for j in range(len(header))]

    def line(row: list[str]) -> str:
        rest = [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        return " │ ".join([row[0].ljust(widths[0]), "  ".join(rest)]).rstrip()

    rule = "─" * (widths[0] + 1) + "┼" + "─" * (sum(widths[1:]) + 2 * len(widths) - 3)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def _latex_table(header: Sequence[Value | str], rows: Sequence[Sequence[Value | str]]) -> str:
    def cell(c: Value | str) -> str:
        return f"\\text{{{c}}}" if isinstance(c, str) and c else _lx(c) if c != "" else ""

    body = r" \\ ".join(" & ".join(cell(c) for c in row) for row in rows)
    spec = "l|" + "r" * (len(header) - 1)
    head = " & ".join(cell(c) for c in header)
    return f"$$\\begin{{array}}{{{spec}}} {head} \\\\ \\hline {body} \\end{{array}}$$"


@dataclass(frozen=True)
class _Mistake:
    """A catalogued wrong answer before de-duplication: its value decides duplicates."""

    code: str
    answer: str
    value: float
    feedback: str


def _mistake(code: str, value: Value, feedback: str) -> _Mistake:
    return _Mistake(code, _t(value), float(value), feedback)


def _catalogue(expected: float, mistakes: Sequence[_Mistake]) -> list[Misconception]:
    """Misconceptions whose value differs from the right one and from earlier ones, so
    every catalogued answer maps to exactly one code."""
    seen = [expected]
    kept = []
    for m in mistakes:
        if any(math.isclose(m.value, v, rel_tol=1e-9, abs_tol=1e-12) for v in seen):
            continue
        seen.append(m.value)
        kept.append(Misconception(m.code, m.answer, m.feedback))
    return kept


def _draft(
    *,
    prompt: str,
    text: str,
    expected: Value | str,
    data: dict[str, Any],
    hints: list[str],
    solution: Sequence[str],
    mistakes: Sequence[_Mistake] = (),
    value: float | None = None,
    kind: str = "number",
    tolerance: float | None = None,
) -> Draft:
    answer = expected if isinstance(expected, str) else _t(expected)
    exact = float(expected) if value is None else value
    return Draft(
        prompt=prompt,
        text=text,
        kind=kind,
        expected=answer,
        data=data,
        hints=hints,
        solution="\n\n".join(solution),
        misconceptions=_catalogue(exact, mistakes) if kind == "number" else [],
        tolerance=tolerance,
    )


# ---------------------------------------------------------------------------------------
# probability.sample-spaces
# ---------------------------------------------------------------------------------------

RANKS = ("A", "2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K")
SUITS = ("hearts", "diamonds", "clubs", "spades")
_OPS: dict[str, Callable[[int, int], bool]] = {
    "=": lambda a, b: a == b,
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
}
_OP_WORDS = {"=": "exactly", ">=": "at least", "<=": "at most"}


def _outcomes(space: str, n: int) -> list[tuple[Any, ...]]:
    """The equally likely outcomes: ordered rolls and flips; unordered hands of cards."""
    if space == "dice":
        return list(itertools.product(range(1, 7), repeat=n))
    if space == "coins":
        return list(itertools.product("HT", repeat=n))
    deck = [(rank, suit) for suit in SUITS for rank in RANKS]
    return list(itertools.combinations(deck, n))


def _holds(event: dict[str, Any], outcome: tuple[Any, ...]) -> bool:
    kind = event["kind"]
    if kind == "or":
        return any(_holds(e, outcome) for e in event["events"])
    if kind == "die":
        return outcome[event["index"]] % 2 == (0 if event["parity"] == "even" else 1)
    if kind == "sum":
        count = sum(outcome)
    elif kind == "face":
        count = outcome.count(event["face"])
    elif kind == "heads":
        count = outcome.count("H")
    elif kind == "suit":
        count = sum(1 for _, suit in outcome if suit == event["suit"])
    else:
        count = sum(1 for rank, _ in outcome if rank in event["ranks"])
    return _OPS[event["op"]](count, event["value"])


def _probability(space: str, n: int, event: dict[str, Any]) -> tuple[int, int]:
    outcomes = _outcomes(space, n)
    return sum(1 for o in outcomes if _holds(event, o)), len(outcomes)


@dataclass
class _Counting:
    """One sample-space question: the experiment, the event, the words and the traps."""

    space: str
    n: int
    event: dict[str, Any]
    setting: str  # "Two fair dice are rolled."
    question: str  # "the sum is 7"
    hints: list[str]
    steps: list[str]  # the worked solution before the final line
    mistakes: list[_Mistake]


def _dice_sum(rng: np.random.Generator, n: int) -> _Counting:
    op = _pick(rng, ["=", "=", ">=", "<="])
    ranges = {
        2: {"=": (3, 11), ">=": (8, 11), "<=": (3, 6)},
        3: {"=": (5, 16), ">=": (13, 17), "<=": (4, 8)},
    }[n]
    s = _int(rng, *ranges[op])
    event = {"kind": "sum", "op": op, "value": s}
    words = {
        "=": f"the sum is {s}",
        ">=": f"the sum is at least {s}",
        "<=": f"the sum is at most {s}",
    }
    favourable, total = _probability("dice", n, event)
    sums = [t for t in range(n, 6 * n + 1) if _OPS[op](t, s)]
    multisets = list(itertools.combinations_with_replacement(range(1, 7), n))
    unordered = sum(1 for m in multisets if _OPS[op](sum(m), s))
    mistakes = [
        _mistake(
            "misconception:unordered-outcomes",
            Fraction(unordered, len(multisets)),
            f"Unordered results such as {{1, 2}} are not equally likely: (1, 2) and (2, 1) are "
            f"two outcomes. Count ordered {n}-tuples, {total} in all.",
        ),
        _mistake(
            "misconception:sums-equally-likely",
            Fraction(len(sums), 5 * n + 1),
            f"The {5 * n + 1} possible sums are not equally likely (a middle sum can be made in "
            "more ways); count the ordered outcomes with each sum.",
        ),
    ]
    if n == 2:
        listed = [o for o in _outcomes("dice", 2) if _holds(event, o)]
        shown = ", ".join(f"({a}, {b})" for a, b in listed)
        steps = [
            f"The sample space is the $6^2 = 36$ ordered pairs (first die, second die), all "
            f"equally likely. The event {words[op]} holds for {favourable} of them: {shown}."
        ]
    else:
        by_sum = [(t, sum(1 for o in _outcomes("dice", 3) if sum(o) == t)) for t in sums]
        shown = " + ".join(str(c) for _, c in by_sum)
        steps = [
            "The sample space is the $6^3 = 216$ ordered triples, all equally likely.",
            "Count the triples for each sum "
            + ", ".join(f"{t}: {c}" for t, c in by_sum)
            + f", so {favourable if len(by_sum) == 1 else shown + ' = ' + str(favourable)} "
            "outcomes are favourable.",
        ]
    return _Counting(
        "dice",
        n,
        event,
        f"{'Two' if n == 2 else 'Three'} fair six-sided dice are rolled.",
        words[op],
        [
            f"List the sample space as ordered {'pairs' if n == 2 else 'triples'}: "
            f"there are 6^{n} = {6**n} equally likely outcomes.",
            "Count the outcomes in the event; order matters, so (1, 2) and (2, 1) both count.",
        ],
        steps,
        mistakes,
    )


def _coins_heads(rng: np.random.Generator, exact: bool) -> _Counting:
    n = _int(rng, 3, 4) if exact else _int(rng, 5, 6)
    k = _int(rng, 1, n - 1) if exact else _int(rng, 2, n - 2)
    op = "=" if exact else ">="
    event = {"kind": "heads", "op": op, "value": k}
    total = 2**n
    counts = [math.comb(n, j) for j in range(k, n + 1)] if not exact else [math.comb(n, k)]
    mistakes = [
        _mistake(
            "misconception:counts-equally-likely",
            Fraction(1 if exact else n - k + 1, n + 1),
            f"The {n + 1} possible numbers of heads are not equally likely; count the "
            f"sequences of H and T ({total} of them) with each number of heads.",
        )
    ]
    if not exact:
        mistakes.append(
            _mistake(
                "misconception:exactly-for-at-least",
                Fraction(math.comb(n, k), total),
                f"That is P(exactly {k} heads); 'at least {k}' also counts "
                f"{k + 1}, ..., {n} heads.",
            )
        )
    if exact:
        steps = [
            f"There are $2^{n} = {total}$ equally likely sequences of heads and tails. "
            f"Those with exactly {k} heads: choose the {k} positions, "
            f"$\\binom{{{n}}}{{{k}}} = {counts[0]}$ ways."
        ]
    else:
        terms = " + ".join(f"\\binom{{{n}}}{{{j}}}" for j in range(k, n + 1))
        steps = [
            f"There are $2^{n} = {total}$ equally likely sequences. At least {k} heads means "
            f"{k}, ..., {n} heads: ${terms} = {' + '.join(map(str, counts))} = {sum(counts)}$ "
            "sequences."
        ]
    return _Counting(
        "coins",
        n,
        event,
        f"A fair coin is flipped {n} times.",
        f"{_OP_WORDS[op]} {k} of the {n} flips {'is' if k == 1 else 'are'} heads",
        [
            f"The outcomes are the 2^{n} = {total} sequences of H and T, all equally likely.",
            f"The number of sequences with exactly j heads is the binomial coefficient C({n}, j).",
        ],
        steps,
        mistakes,
    )


def _at_least_one(rng: np.random.Generator) -> _Counting:
    if rng.random() < 0.5:
        n, face = _int(rng, 2, 4), _int(rng, 1, 6)
        event = {"kind": "face", "face": face, "op": ">=", "value": 1}
        none = Fraction(5, 6) ** n
        return _Counting(
            "dice",
            n,
            event,
            f"A fair die is rolled {n} times.",
            f"at least one roll shows a {face}",
            [
                "'At least one' is the complement of 'none': P(A) = 1 − P(not A).",
                f"Each roll misses the {face} with probability 5/6, independently.",
            ],
            [
                f"The complement is 'no roll shows a {face}': $5^{n} = {5**n}$ of the "
                f"$6^{n} = {6**n}$ outcomes, so $P(\\text{{none}}) = {_lx(none)}$.",
                f"$P(\\text{{at least one}}) = 1 - {_lx(none)}$.",
            ],
            [
                _mistake(
                    "misconception:added-probabilities",
                    Fraction(n, 6),
                    "Adding 1/6 for each roll counts the outcomes with several "
                    f"{face}s more than once (the events overlap); use the complement.",
                ),
                _mistake(
                    "misconception:complement-not-subtracted",
                    none,
                    f"That is P(no {face} at all), the complement; subtract it from 1.",
                ),
            ],
        )
    n = _int(rng, 3, 6)
    event = {"kind": "heads", "op": ">=", "value": 1}
    none = Fraction(1, 2**n)
    return _Counting(
        "coins",
        n,
        event,
        f"A fair coin is flipped {n} times.",
        "at least one flip is heads",
        [
            "'At least one' is the complement of 'none': P(A) = 1 − P(not A).",
            f"Only one of the 2^{n} sequences has no heads at all.",
        ],
        [
            f"The complement is 'all tails': 1 of the $2^{n} = {2**n}$ sequences, so "
            f"$P(\\text{{no heads}}) = {_lx(none)}$.",
            f"$P(\\text{{at least one head}}) = 1 - {_lx(none)}$.",
        ],
        [
            _mistake(
                "misconception:complement-not-subtracted",
                none,
                "That is P(no heads at all), the complement; subtract it from 1.",
            ),
        ],
    )


_RANK_SETS = (
    (("J", "Q", "K"), "a face card (J, Q or K)"),
    (("A",), "an ace"),
    (("2", "3", "4", "5"), "a 2, 3, 4 or 5"),
    (("2", "4", "6", "8", "10"), "an even number card (2, 4, 6, 8 or 10)"),
)


def _card_union(rng: np.random.Generator) -> _Counting:
    suit = _pick(rng, SUITS)
    ranks, rank_words = _pick(rng, _RANK_SETS)
    r = len(ranks)
    event = {
        "kind": "or",
        "events": [
            {"kind": "suit", "suit": suit, "op": ">=", "value": 1},
            {"kind": "rank", "ranks": list(ranks), "op": ">=", "value": 1},
        ],
    }
    return _Counting(
        "cards",
        1,
        event,
        "One card is drawn at random from a standard deck of 52 cards.",
        f"the card is one of the {suit} or {rank_words}",
        [
            "Inclusion–exclusion: P(A ∪ B) = P(A) + P(B) − P(A ∩ B).",
            f"Some cards are both: the {suit} that are {rank_words}.",
        ],
        [
            f"$P(\\text{{{suit}}}) = \\frac{{13}}{{52}}$, $P(\\text{{rank}}) = "
            f"\\frac{{{4 * r}}}{{52}}$, and {r} card(s) are both, so "
            f"$P = \\frac{{13 + {4 * r} - {r}}}{{52}} = \\frac{{{13 + 3 * r}}}{{52}}$."
        ],
        [
            _mistake(
                "misconception:union-without-intersection",
                Fraction(13 + 4 * r, 52),
                f"The {r} card(s) that are both {suit} and {rank_words} were counted twice: "
                "subtract P(A ∩ B).",
            )
        ],
    )


def _dice_union(rng: np.random.Generator) -> _Counting:
    parity = _pick(rng, ["even", "odd"])
    s = _int(rng, 8, 11)
    a = {"kind": "die", "index": 0, "parity": parity}
    b = {"kind": "sum", "op": ">=", "value": s}
    event = {"kind": "or", "events": [a, b]}
    n_a, _ = _probability("dice", 2, a)
    n_b, _ = _probability("dice", 2, b)
    n_ab = sum(1 for o in _outcomes("dice", 2) if _holds(a, o) and _holds(b, o))
    return _Counting(
        "dice",
        2,
        event,
        "Two fair six-sided dice are rolled, a first and a second.",
        f"the first die is {parity} or the sum is at least {s}",
        [
            "Inclusion–exclusion: P(A ∪ B) = P(A) + P(B) − P(A ∩ B).",
            "Count each event among the 36 ordered pairs, and the pairs in both.",
        ],
        [
            f"Of the 36 ordered pairs, {n_a} have an {parity} first die, {n_b} have a sum of at "
            f"least {s}, and {n_ab} have both.",
            f"$P = \\frac{{{n_a} + {n_b} - {n_ab}}}{{36}}$.",
        ],
        [
            _mistake(
                "misconception:union-without-intersection",
                Fraction(n_a + n_b, 36),
                f"The {n_ab} pairs in both events were counted twice: subtract P(A ∩ B).",
            )
        ],
    )


def _two_cards(rng: np.random.Generator) -> _Counting:
    total = math.comb(52, 2)
    shape = _int(rng, 0, 2)
    if shape == 0:
        event = {"kind": "rank", "ranks": ["A"], "op": ">=", "value": 1}
        question = "at least one of the two cards is an ace"
        wrong = 1 - Fraction(12, 13) ** 2
        steps = [
            f"Unordered pairs of cards: $\\binom{{52}}{{2}} = {total}$, all equally likely.",
            f"Complement, no ace: $\\binom{{48}}{{2}} = {math.comb(48, 2)}$ pairs, so "
            f"$P = 1 - \\frac{{{math.comb(48, 2)}}}{{{total}}}$.",
        ]
    else:
        suit = _pick(rng, SUITS)
        k = 2 if shape == 1 else 1
        event = {"kind": "suit", "suit": suit, "op": "=", "value": k}
        question = f"both cards are {suit}" if k == 2 else f"exactly one of the two cards is {suit}"
        wrong = Fraction(1, 16) if k == 2 else Fraction(3, 8)
        count = math.comb(13, 2) if k == 2 else 13 * 39
        how = "$\\binom{13}{2} = 78$" if k == 2 else "$13 \\cdot 39 = 507$"
        steps = [
            f"Unordered pairs of cards: $\\binom{{52}}{{2}} = {total}$, all equally likely.",
            f"Favourable pairs: {how}, so $P = \\frac{{{count}}}{{{total}}}$.",
        ]
    return _Counting(
        "cards",
        2,
        event,
        "Two cards are drawn at random, without replacement, from a standard deck of 52.",
        question,
        [
            "The outcomes are the C(52, 2) = 1326 unordered pairs of distinct cards.",
            "Without replacement the second card depends on the first: the draws are not "
            "independent.",
        ],
        steps,
        [
            _mistake(
                "misconception:with-replacement",
                wrong,
                "That treats the two draws as independent (drawing with replacement); the "
                "first card is not put back, so count pairs of distinct cards.",
            )
        ],
    )


_COUNTING_FAMILIES: dict[int, tuple[Callable[[np.random.Generator], _Counting], ...]] = {
    1: (lambda rng: _dice_sum(rng, 2), lambda rng: _coins_heads(rng, exact=True)),
    2: (_at_least_one, _card_union, _dice_union),
    3: (lambda rng: _dice_sum(rng, 3), lambda rng: _coins_heads(rng, exact=False), _two_cards),
}


@register
class SampleSpaces(Generator):
    """The probability of an event by counting equally likely outcomes: directly at
    difficulty 1, through a complement or inclusion–exclusion at 2, in larger spaces
    (three dice, hands of cards) at 3."""

    skill = "probability.sample-spaces"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        c = _pick(rng, _COUNTING_FAMILIES[difficulty])(rng)
        favourable, total = _probability(c.space, c.n, c.event)
        p = Fraction(favourable, total)
        ask = f"{c.setting} What is the probability that {c.question}?"
        return _draft(
            prompt=ask + " Give an exact fraction.",
            text=ask + " Give an exact fraction.",
            expected=p,
            data={"space": c.space, "n": c.n, "event": c.event},
            hints=c.hints,
            solution=[
                *c.steps,
                f"So the probability is ${_ratio(favourable, total)}$.",
            ],
            mistakes=c.mistakes,
        )


# ---------------------------------------------------------------------------------------
# probability.conditional
# ---------------------------------------------------------------------------------------


def _selects(event: dict[str, Any], i: int, j: int) -> bool:
    """Whether cell (i, j) of a two-way table lies in ``event`` (a row or a column, or
    everything outside one)."""
    inside = (i if event["axis"] == "row" else j) == event["index"]
    return inside != event.get("negate", False)


def _count(counts: Sequence[Sequence[int]], *events: dict[str, Any]) -> int:
    return sum(
        c
        for i, row in enumerate(counts)
        for j, c in enumerate(row)
        if all(_selects(e, i, j) for e in events)
    )


def _label(event: dict[str, Any], rows: Sequence[str], cols: Sequence[str]) -> str:
    name = (rows if event["axis"] == "row" else cols)[event["index"]]
    return f"not {name}" if event.get("negate") else name


def _count_table(
    rng: np.random.Generator, n_rows: int, n_cols: int, lo: int, hi: int
) -> list[list[int]]:
    return [[_int(rng, lo, hi) for _ in range(n_cols)] for _ in range(n_rows)]


def _independent_table(rng: np.random.Generator, n_cols: int) -> list[list[int]]:
    """Counts a_i·b_j: every row event is independent of every column event."""
    a = [_int(rng, 1, 5) for _ in range(2)]
    b = [_int(rng, 2, 9) for _ in range(n_cols)]
    scale = _int(rng, 1, 3)
    return [[scale * x * y for y in b] for x in a]


@register
class Conditional(Generator):
    """P(A | B) from a two-way table of counts: B restricts the table to one row or column
    (difficulty 1, a 2×2 table), to a row or column or its complement in a 3×3 table (2);
    at difficulty 3, whether two events are independent (P(A ∩ B) = P(A)·P(B))."""

    skill = "probability.conditional"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        story = _pick(rng, _stories()["table"])
        size = 3 if difficulty == 2 else 2
        rows = story["rows3"] if size == 3 else story["rows"]
        if difficulty == 3:
            return self._independence(rng, story)
        cols = story["cols3"] if size == 3 else story["cols"]
        counts = _count_table(rng, size, size, 2 if size == 3 else 4, 40)
        given_axis = _pick(rng, ["row", "col"])
        target_axis = "col" if given_axis == "row" else "row"
        given = {"axis": given_axis, "index": _int(rng, 0, size - 1)}
        if difficulty == 2 and rng.random() < 0.5:
            given["negate"] = True
        target = {"axis": target_axis, "index": _int(rng, 0, size - 1)}
        both, n_given = _count(counts, target, given), _count(counts, given)
        n_target, total = _count(counts, target), _count(counts)
        p = Fraction(both, n_given)
        a, b = _label(target, rows, cols), _label(given, rows, cols)
        header = ["", *cols]
        body = [[r, *row] for r, row in zip(rows, counts, strict=True)]
        ask = f"P({a} | {b})"
        intro = f"A survey of {total} {story['unit']} gives these counts."
        question = f"One of them is chosen at random. Find {ask}."
        solution = [
            f"Given '{b}', only the {n_given} {story['unit']} in "
            + ("that row" if given_axis == "row" else "that column")
            + (" (everything outside it)" if given.get("negate") else "")
            + " remain; the sample space shrinks to them.",
            f"Of those, {both} are '{a}', so "
            f"$P(\\text{{{a}}} \\mid \\text{{{b}}}) = {_ratio(both, n_given)}$.",
        ]
        mistakes = [
            _mistake(
                "misconception:inverse-conditional",
                Fraction(both, _count(counts, target)),
                f"That is P({b} | {a}): you divided by the {a} count. Condition on {b}: divide "
                f"by the number of {story['unit']} that are '{b}'.",
            ),
            _mistake(
                "misconception:joint-for-conditional",
                Fraction(both, total),
                f"That is P({a} and {b}), a fraction of all {total}. Given {b}, divide by the "
                f"{b} count instead.",
            ),
            _mistake(
                "misconception:marginal-for-conditional",
                Fraction(n_target, total),
                f"That is P({a}) over everyone; the condition '{b}' restricts the count.",
            ),
        ]
        return _draft(
            prompt=f"{intro}\n\n{_latex_table(header, body)}\n\n{question}",
            text=f"{intro}\n\n{_text_table(header, body)}\n\n{question}",
            expected=p,
            data={
                "rows": rows,
                "cols": cols,
                "counts": counts,
                "event": target,
                "given": given,
                "ask": "conditional",
            },
            hints=[
                f"Conditioning on '{b}' keeps only the {story['unit']} that are '{b}'.",
                f"P(A | B) = P(A ∩ B) / P(B) = (count of both) / (count of '{b}').",
            ],
            solution=solution,
            mistakes=mistakes,
        )

    def _independence(self, rng: np.random.Generator, story: dict[str, Any]) -> Draft:
        n_cols = _pick(rng, [2, 3])
        rows = story["rows"]
        cols = story["cols3"] if n_cols == 3 else story["cols"]
        independent = bool(rng.random() < 0.5)
        a = {"axis": "row", "index": _int(rng, 0, 1)}
        b = {"axis": "col", "index": _int(rng, 0, n_cols - 1)}
        while True:
            counts = _independent_table(rng, n_cols)
            if not independent:
                i, j = _int(rng, 0, 1), _int(rng, 0, n_cols - 1)
                counts[i][j] += _pick(rng, [-2, -1, 1, 2, 3]) if counts[i][j] > 2 else 2
            total = _count(counts)
            p_a, p_b = Fraction(_count(counts, a), total), Fraction(_count(counts, b), total)
            p_ab = Fraction(_count(counts, a, b), total)
            if (p_ab == p_a * p_b) == independent:
                break
        la, lb = _label(a, rows, cols), _label(b, rows, cols)
        header = ["", *cols]
        body = [[r, *row] for r, row in zip(rows, counts, strict=True)]
        intro = f"A survey of {total} {story['unit']} gives these counts."
        question = (
            f"One of them is chosen at random. Are the events '{la}' and '{lb}' independent? "
            "Answer true or false."
        )
        verdict = "=" if independent else "\\neq"
        return _draft(
            prompt=f"{intro}\n\n{_latex_table(header, body)}\n\n{question}",
            text=f"{intro}\n\n{_text_table(header, body)}\n\n{question}",
            expected="true" if independent else "false",
            value=0.0,
            kind="boolean",
            data={
                "rows": rows,
                "cols": cols,
                "counts": counts,
                "events": [a, b],
                "ask": "independent",
            },
            hints=[
                "A and B are independent when P(A ∩ B) = P(A)·P(B), "
                "or equivalently P(A | B) = P(A).",
                f"Compute P({la}), P({lb}) and P({la} and {lb}) as fractions of {total}.",
            ],
            solution=[
                f"$P(\\text{{{la}}}) = {_lx(p_a)}$, $P(\\text{{{lb}}}) = {_lx(p_b)}$, so "
                f"$P(\\text{{{la}}})\\,P(\\text{{{lb}}}) = {_lx(p_a * p_b)}$.",
                f"$P(\\text{{{la}}} \\cap \\text{{{lb}}}) = {_lx(p_ab)} "
                f"{verdict} {_lx(p_a * p_b)}$, "
                f"so the events are {'' if independent else 'not '}independent.",
            ],
        )


# ---------------------------------------------------------------------------------------
# probability.bayes-rule
# ---------------------------------------------------------------------------------------

_PRIORS = (Fraction(1, 100), Fraction(1, 50), Fraction(1, 20), Fraction(1, 10), Fraction(1, 5))
_SENSITIVITIES = (
    Fraction(3, 4),
    Fraction(4, 5),
    Fraction(9, 10),
    Fraction(19, 20),
    Fraction(99, 100),
)
_FALSE_POSITIVES = (
    Fraction(1, 100),
    Fraction(1, 50),
    Fraction(1, 20),
    Fraction(1, 10),
    Fraction(1, 5),
)
_DEFECT_RATES = (
    Fraction(1, 100),
    Fraction(1, 50),
    Fraction(3, 100),
    Fraction(1, 20),
    Fraction(1, 10),
)


@register
class BayesRule(Generator):
    """Screening with Bayes's rule: P(condition | positive) at difficulty 1; the other
    posteriors (given a negative result, healthy given positive) at 2; two positive tests
    in a row, or which of three sources a defective item came from, at 3."""

    skill = "probability.bayes-rule"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 3 and rng.random() < 0.4:
            return self._sources(rng)
        s = _pick(rng, _stories()["screening"])
        prior, sens, fpr = (_pick(rng, v) for v in (_PRIORS, _SENSITIVITIES, _FALSE_POSITIVES))
        ask = {
            1: "positive",
            2: _pick(rng, ["negative", "healthy-given-positive"]),
            3: "two-positive",
        }[difficulty]
        c, who = s["condition"], s["who"]
        setting = (
            f"Of all {s['plural']}, {_percent(prior)} {_plural(c)}. "
            f"A {who} that {c} {s['positive']} "
            f"with probability {_percent(sens)}; a {who} that {s['healthy']} {s['positive']} "
            f"with probability {_percent(fpr)} (a false positive)."
        )
        pos_d, pos_h = sens * prior, fpr * (1 - prior)
        neg_d, neg_h = (1 - sens) * prior, (1 - fpr) * (1 - prior)
        if ask == "positive":
            question = f"A {who} {s['positive']}. What is the probability that the {who} {c}?"
            p = pos_d / (pos_d + pos_h)
            mistakes = [
                _mistake("misconception:inverse-conditional", sens, _INVERSE),
                _mistake("misconception:base-rate-neglect", sens / (sens + fpr), _BASE_RATE),
                _mistake("misconception:joint-for-conditional", pos_d, _JOINT),
            ]
            steps = _bayes_steps("+", "D", pos_d, pos_h, prior, sens, fpr)
        elif ask == "negative":
            question = (
                f"A {who} {s['negative']}. What is the probability that the {who} {c} anyway?"
            )
            p = neg_d / (neg_d + neg_h)
            mistakes = [
                _mistake("misconception:inverse-conditional", 1 - sens, _INVERSE),
                _mistake(
                    "misconception:base-rate-neglect",
                    (1 - sens) / ((1 - sens) + (1 - fpr)),
                    _BASE_RATE,
                ),
                _mistake("misconception:joint-for-conditional", neg_d, _JOINT),
            ]
            steps = _bayes_steps("-", "D", neg_d, neg_h, prior, 1 - sens, 1 - fpr)
        elif ask == "healthy-given-positive":
            question = (
                f"A {who} {s['positive']}. What is the probability that the {who} {s['healthy']}?"
            )
            p = pos_h / (pos_d + pos_h)
            mistakes = [
                _mistake("misconception:inverse-conditional", fpr, _INVERSE),
                _mistake("misconception:base-rate-neglect", fpr / (sens + fpr), _BASE_RATE),
                _mistake("misconception:joint-for-conditional", pos_h, _JOINT),
            ]
            steps = _bayes_steps("+", "H", pos_d, pos_h, prior, sens, fpr)
        else:
            question = (
                f"A {who} is checked twice, independently given whether it {c}, and "
                f"{s['positive']} both times. What is the probability that the {who} {c}?"
            )
            two_d, two_h = sens**2 * prior, fpr**2 * (1 - prior)
            p = two_d / (two_d + two_h)
            mistakes = [
                _mistake(
                    "misconception:single-update",
                    pos_d / (pos_d + pos_h),
                    "That is the probability after one positive result. The second positive "
                    "updates again: use the first posterior as the new prior, or multiply the "
                    "likelihoods: P(++ | D) = sensitivity².",
                ),
                _mistake("misconception:inverse-conditional", sens**2, _INVERSE),
                _mistake(
                    "misconception:base-rate-neglect",
                    sens**2 / (sens**2 + fpr**2),
                    _BASE_RATE,
                ),
            ]
            steps = [
                "Given the condition (or its absence) the two results are independent, so "
                f"$P(++ \\mid D) = \\left({_lx(sens)}\\right)^2 = {_lx(sens**2)}$ and "
                f"$P(++ \\mid \\bar D) = \\left({_lx(fpr)}\\right)^2 = {_lx(fpr**2)}$.",
                f"$P(D \\mid ++) = \\frac{{{_lx(sens**2)} \\cdot {_lx(prior)}}}{{{_lx(sens**2)} "
                f"\\cdot {_lx(prior)} + {_lx(fpr**2)} \\cdot {_lx(1 - prior)}}} = "
                f"\\frac{{{_lx(two_d)}}}{{{_lx(two_d + two_h)}}}$.",
            ]
        text = f"{setting} {question} Give an exact fraction."
        return _draft(
            prompt=text,
            text=text,
            expected=p,
            data={
                "ask": ask,
                "prior": _t(prior),
                "sensitivity": _t(sens),
                "false_positive_rate": _t(fpr),
            },
            hints=[
                "Bayes's rule: P(D | +) = P(+ | D)·P(D) / P(+), where "
                "P(+) = P(+ | D)·P(D) + P(+ | not D)·P(not D).",
                "Imagine 10,000 cases: how many have the condition and test this way, and how "
                "many test this way in all?",
            ],
            solution=[*steps, f"So the probability is ${_lx(p)}$."],
            mistakes=mistakes,
        )

    def _sources(self, rng: np.random.Generator) -> Draft:
        shares = random_pmf(rng, 3, _pick(rng, [10, 20]))
        rates = [_pick(rng, _DEFECT_RATES) for _ in range(3)]
        k = _int(rng, 0, 2)
        joint = [w * d for w, d in zip(shares, rates, strict=True)]
        evidence = sum(joint, Fraction(0))
        p = joint[k] / evidence
        names = ["A", "B", "C"]
        setting = (
            "Three machines make all of a factory's parts: "
            + ", ".join(
                f"machine {n} makes {_percent(w)} of them, {_percent(d)} of which are defective"
                for n, w, d in zip(names, shares, rates, strict=True)
            )
            + "."
        )
        question = (
            f"A part picked at random is defective. What is the probability that machine "
            f"{names[k]} made it? Give an exact fraction."
        )
        terms = " + ".join(f"{_lx(w)} \\cdot {_lx(d)}" for w, d in zip(shares, rates, strict=True))
        return _draft(
            prompt=f"{setting} {question}",
            text=f"{setting} {question}",
            expected=p,
            data={
                "ask": "source",
                "shares": fractions_json(shares),
                "defect_rates": fractions_json(rates),
                "source": k,
            },
            hints=[
                "The machine is the hypothesis and 'defective' the evidence: "
                "P(M | D) = P(D | M)·P(M) / P(D).",
                "P(D) sums P(D | M)·P(M) over the three machines (total probability).",
            ],
            solution=[
                f"By total probability $P(\\text{{defective}}) = {terms} = {_lx(evidence)}$.",
                f"$P({names[k]} \\mid \\text{{defective}}) = \\frac{{{_lx(shares[k])} \\cdot "
                f"{_lx(rates[k])}}}{{{_lx(evidence)}}} = {_lx(p)}$.",
            ],
            mistakes=[
                _mistake(
                    "misconception:inverse-conditional",
                    rates[k],
                    "That is P(defective | machine), the defect rate; the question asks the "
                    "reverse, P(machine | defective).",
                ),
                _mistake(
                    "misconception:base-rate-neglect",
                    rates[k] / sum(rates, Fraction(0)),
                    "Comparing defect rates alone ignores how many parts each machine makes "
                    "(the prior); weight each rate by the machine's share.",
                ),
                _mistake(
                    "misconception:prior-for-posterior",
                    shares[k],
                    "That is the machine's share before anything is observed; learning that the "
                    "part is defective changes it.",
                ),
            ],
        )


_INVERSE = (
    "That is the conditional the other way round, P(result | condition), which the question "
    "gives you; Bayes's rule turns it into P(condition | result)."
)
_BASE_RATE = (
    "That ignores the base rate (the prior): it would be right only if the condition and its "
    "absence were equally common. Weight each likelihood by its prior."
)
_JOINT = (
    "That is the probability of the condition and the result together; divide by the "
    "probability of the result to condition on it."
)


def _plural(verb_phrase: str) -> str:
    """'has the disease' -> 'have the disease', 'is spam' -> 'are spam'."""
    head, _, rest = verb_phrase.partition(" ")
    return {"has": "have", "is": "are", "does": "do"}.get(head, head) + " " + rest


def _bayes_steps(
    result: str,
    target: str,
    with_d: Fraction,
    without_d: Fraction,
    prior: Fraction,
    like_d: Fraction,
    like_h: Fraction,
) -> list[str]:
    evidence = with_d + without_d
    top = with_d if target == "D" else without_d
    sign = "+" if result == "+" else "-"
    hypothesis = "D" if target == "D" else "\\bar D"
    lhs = f"P({hypothesis} \\mid {sign})"
    return [
        f"Total probability: $P({sign}) = P({sign} \\mid D)P(D) "
        f"+ P({sign} \\mid \\bar D)P(\\bar D) "
        f"= {_lx(like_d)} \\cdot {_lx(prior)} + {_lx(like_h)} \\cdot {_lx(1 - prior)} = "
        f"{_lx(evidence)}$.",
        f"Bayes's rule: ${lhs} = \\frac{{{_lx(top)}}}{{{_lx(evidence)}}}$.",
    ]


# ---------------------------------------------------------------------------------------
# PMFs shown as tables (random variables, expectation, variance)
# ---------------------------------------------------------------------------------------


def _draw_pmf(
    rng: np.random.Generator, size: int, denominators: Sequence[int], lo: int, hi: int
) -> tuple[list[int], list[Fraction]]:
    """Distinct sorted integer values in [lo, hi] and a PMF on them."""
    values = sorted(int(v) for v in rng.choice(range(lo, hi + 1), size=size, replace=False))
    return values, random_pmf(rng, size, _pick(rng, denominators))


def _moment(
    values: Sequence[int], probs: Sequence[Fraction], g: Callable[[int], Value]
) -> Fraction:
    return sum((Fraction(g(v)) * p for v, p in zip(values, probs, strict=True)), Fraction(0))


def _pmf_prompt(
    intro: str, values: Sequence[int], probs: Sequence[Fraction], ask: str
) -> tuple[str, str]:
    return (
        f"{intro}\n\n{pmf_latex(values, probs)}\n\n{ask}",
        f"{intro}\n\n{pmf_text(values, probs)}\n\n{ask}",
    )


def _sum_latex(values: Sequence[int], probs: Sequence[Fraction], g: Callable[[int], str]) -> str:
    return " + ".join(f"{g(v)} \\cdot {_lx(p)}" for v, p in zip(values, probs, strict=True))


def _paren(v: Value) -> str:
    """A number ready to be raised to a power: ``\\left(\\frac{3}{4}\\right)``, ``(-2)``."""
    v = Fraction(v)
    if v.denominator != 1:
        return f"\\left({_lx(v)}\\right)"
    return f"({_lx(v)})" if v < 0 else _lx(v)


# ---------------------------------------------------------------------------------------
# probability.random-variables
# ---------------------------------------------------------------------------------------


def _event_text(low: int | None, low_in: bool, high: int | None, high_in: bool) -> tuple[str, str]:
    """``P(1 < X ≤ 3)`` as plain text and LaTeX."""
    if low is not None and low == high:
        return f"P(X = {low})", f"P(X = {low})"
    lt = ("≤", "\\le") if low_in else ("<", "<")
    ht = ("≤", "\\le") if high_in else ("<", "<")
    gt = ("≥", "\\ge") if low_in else (">", ">")
    if high is None:
        return f"P(X {gt[0]} {low})", f"P(X {gt[1]} {low})"
    if low is None:
        return f"P(X {ht[0]} {high})", f"P(X {ht[1]} {high})"
    return f"P({low} {lt[0]} X {ht[0]} {high})", f"P({low} {lt[1]} X {ht[1]} {high})"


def _inside(v: int, low: int | None, low_in: bool, high: int | None, high_in: bool) -> bool:
    above = low is None or v > low or (low_in and v == low)
    below = high is None or v < high or (high_in and v == high)
    return above and below


@register
class RandomVariables(Generator):
    """Probabilities of intervals through the CDF F(x) = P(X ≤ x): F at a point from a PMF
    (difficulty 1), P(a < X ≤ b) = F(b) − F(a) (2), and from a CDF table, intervals whose
    endpoints are in or out, where F(b) − F(a) is the trap (3)."""

    skill = "probability.random-variables"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        size = {1: 4, 2: 5, 3: 6}[difficulty]
        lo = 0 if difficulty == 1 else -3
        values, probs = _draw_pmf(
            rng, size, {1: [8, 10], 2: [12, 20], 3: [20, 24]}[difficulty], lo, lo + 7
        )
        cdf = list(itertools.accumulate(probs))
        F = dict(zip(values, cdf, strict=True))
        p = dict(zip(values, probs, strict=True))

        def below(x: int) -> Fraction:  # P(X < x) = F(x-)
            return sum((q for v, q in p.items() if v < x), Fraction(0))

        k = sorted(int(i) for i in rng.choice(size - 1, size=2, replace=False))
        a, b = values[k[0]], values[k[1]]
        mistakes: list[_Mistake] = []
        if difficulty == 1:
            low, low_in, high, high_in = None, False, values[k[1]], True
            answer = F[high]
            mistakes = [
                _mistake(
                    "misconception:pmf-for-cdf",
                    p[high],
                    f"That is P(X = {high}); the CDF adds up every value up to {high}.",
                ),
                _mistake(
                    "misconception:strict-inequality",
                    below(high),
                    f"F({high}) = P(X ≤ {high}) includes the value {high} itself.",
                ),
            ]
        elif difficulty == 2:
            low, low_in, high, high_in = a, False, b, True
            answer = F[b] - F[a]
            mistakes = [
                _mistake(
                    "misconception:endpoint",
                    F[b] - below(a),
                    f"P({a} < X ≤ {b}) leaves out X = {a}: it is F({b}) − F({a}).",
                ),
                _mistake(
                    "misconception:cdf-at-upper-only",
                    F[b],
                    f"F({b}) also counts the values up to {a}; subtract F({a}).",
                ),
            ]
        else:
            shape = _int(rng, 0, 2)
            if shape == 0:
                low, low_in, high, high_in = (
                    a,
                    bool(rng.random() < 0.5),
                    b,
                    bool(rng.random() < 0.5),
                )
                if not low_in and high_in:
                    low_in = True
            elif shape == 1:
                low, low_in, high, high_in = a, bool(rng.random() < 0.5), None, False
            else:
                low, low_in, high, high_in = b, True, b, True
            upper = Fraction(1) if high is None else F[high] if high_in else below(high)
            lower = Fraction(0) if low is None else below(low) if low_in else F[low]
            answer = upper - lower
            naive = (Fraction(1) if high is None else F[high]) - F[low]
            words, _ = _event_text(low, low_in, high, high_in)
            mistakes = [
                _mistake(
                    "misconception:endpoint",
                    naive,
                    f"F(b) − F(a) is P(a < X ≤ b); for {words} check which endpoints belong "
                    "to the event: P(X < b) = F(b) − P(X = b), P(X ≥ a) = 1 − F(a) + P(X = a).",
                )
            ]
            if low == high:
                mistakes = [
                    _mistake(
                        "misconception:cdf-for-pmf",
                        F[low],
                        f"F({low}) = P(X ≤ {low}) adds every value up to {low}; P(X = {low}) is "
                        "the jump of F there, F(v) − F(previous value).",
                    )
                ]
            if high is None:
                mistakes.append(
                    _mistake(
                        "misconception:cdf-for-tail",
                        F[low] if not low_in else below(low),
                        "That is the probability of the other side; the tail is 1 − F.",
                    )
                )
        words, latex_words = _event_text(low, low_in, high, high_in)
        show_cdf = difficulty == 3
        intro = f"A random variable X takes the values {', '.join(map(str, values))}. " + (
            "Its CDF F(x) = P(X ≤ x) at these values is:" if show_cdf else "Its PMF is:"
        )
        shown = cdf if show_cdf else probs
        table_l = (
            pmf_latex(values, shown).replace("P(X = x)", "F(x)")
            if show_cdf
            else pmf_latex(values, shown)
        )
        table_t = (
            pmf_text(values, shown).replace("P(X = x)", "    F(x)")
            if show_cdf
            else pmf_text(values, shown)
        )
        question = f"Find {words}. Give an exact fraction."
        cdf_line = ", ".join(f"F({v}) = {_lx(c)}" for v, c in zip(values, cdf, strict=True))
        return _draft(
            prompt=f"{intro}\n\n{table_l}\n\nFind ${latex_words}$. Give an exact fraction.",
            text=f"{intro}\n\n{table_t}\n\n{question}",
            expected=answer,
            data={
                "values": values,
                "shown": "cdf" if show_cdf else "pmf",
                "pmf": fractions_json(probs),
                "cdf": fractions_json(cdf),
                "low": low,
                "low_inclusive": low_in,
                "high": high,
                "high_inclusive": high_in,
            },
            hints=[
                "F(x) = P(X ≤ x) is the running total of the PMF.",
                "P(a < X ≤ b) = F(b) − F(a); for a closed or open end, add or remove that "
                "single value's probability P(X = v) = F(v) − F(previous value).",
            ],
            solution=[
                (
                    "The jumps of the CDF give the PMF, P(X = v) = F(v) − F(previous value): $"
                    + ", ".join(
                        f"P(X = {v}) = {_lx(q)}" for v, q in zip(values, probs, strict=True)
                    )
                    + "$."
                )
                if show_cdf
                else f"The running totals of the PMF: ${cdf_line}$.",
                f"The event $\\{{{latex_words[2:-1]}\\}}$ contains the values "
                + ", ".join(str(v) for v in values if _inside(v, low, low_in, high, high_in))
                + f", so ${latex_words} = {_lx(answer)}$.",
            ],
            mistakes=mistakes,
        )


# ---------------------------------------------------------------------------------------
# probability.pmf-pdf
# ---------------------------------------------------------------------------------------


def _power_density_latex(c: str, n: int) -> str:
    return f"{c}\\,x^{{{n}}}" if n > 1 else f"{c}\\,x"


def _power_density_text(c: str, n: int) -> str:
    return f"{c}·x^{n}" if n > 1 else f"{c}·x"


@register
class PmfPdf(Generator):
    """Normalising constants and probabilities of simple distributions: c in a PMF
    P(X = k) = c·w(k) (difficulty 1); c in a density c·xⁿ on [0, b] (2); P(s ≤ X ≤ t) for
    such a density without c given, or a tail of c·e^(−λx), two steps each (3)."""

    skill = "probability.pmf-pdf"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            return self._discrete(rng)
        if difficulty == 3 and rng.random() < 0.35:
            return self._exponential(rng)
        n, b = _int(rng, 1, 3), _pick(rng, [1, 2, 3] if difficulty == 2 else [1, 2])
        norm = Fraction(b ** (n + 1), n + 1)  # ∫_0^b x^n dx
        c = 1 / norm
        density_l = _power_density_latex("c", n)
        density_t = _power_density_text("c", n)
        intro = (
            f"A continuous random variable X has density f(x) = {density_t} for 0 ≤ x ≤ {b} "
            "and 0 elsewhere."
        )
        intro_l = (
            f"A continuous random variable $X$ has density $f(x) = {density_l}$ for "
            f"$0 \\le x \\le {b}$ and $0$ elsewhere."
        )
        normalise = (
            f"$\\int_0^{{{b}}} x^{{{n}}}\\,dx = \\frac{{{b}^{{{n + 1}}}}}{{{n + 1}}} "
            f"= {_lx(norm)}$, so $c = {_lx(c)}$."
        )
        data: dict[str, Any] = {"family": "power", "n": n, "b": b}
        if difficulty == 2:
            ask = "Find the constant c. Give an exact fraction."
            return _draft(
                prompt=f"{intro_l} {ask}",
                text=f"{intro} {ask}",
                expected=c,
                data=data | {"ask": "constant"},
                hints=[
                    "A density integrates to 1 over its support: ∫ f(x) dx = 1.",
                    f"∫₀^{b} xⁿ dx = b^(n+1)/(n+1) with n = {n}.",
                ],
                solution=[
                    "The total probability must be 1: $c \\int_0^{b} x^{n}\\,dx = 1$.",
                    normalise,
                ],
                mistakes=[
                    _mistake(
                        "misconception:inverted-constant",
                        norm,
                        "That is the integral of xⁿ itself; c is its reciprocal, so that c·∫f = 1.",
                    ),
                    _mistake(
                        "misconception:uniform-constant",
                        Fraction(1, b),
                        f"1/{b} normalises a flat density on [0, {b}]; this one grows like xⁿ.",
                    ),
                    _mistake(
                        "misconception:power-rule-divisor",
                        Fraction(1, b ** (n + 1)),
                        f"The antiderivative of xⁿ is x^(n+1)/(n+1): divide by {n + 1}.",
                    ),
                ],
            )
        cuts = [Fraction(b * i, 4) for i in range(5)]
        i, j = sorted(int(v) for v in rng.choice(5, size=2, replace=False))
        lo, hi = cuts[i], cuts[j]
        answer = (hi ** (n + 1) - lo ** (n + 1)) / b ** (n + 1)
        ask = f"Find P({_t(lo)} ≤ X ≤ {_t(hi)}). Give an exact fraction."
        ask_l = f"Find $P({_lx(lo)} \\le X \\le {_lx(hi)})$. Give an exact fraction."
        return _draft(
            prompt=f"{intro_l} {ask_l}",
            text=f"{intro} {ask}",
            expected=answer,
            data=data | {"ask": "probability", "interval": fraction_strings([lo, hi])},
            hints=[
                "First find c from ∫ f(x) dx = 1 over the whole support.",
                "Then P(s ≤ X ≤ t) = ∫ₛᵗ f(x) dx.",
            ],
            solution=[
                normalise,
                f"$P = {_lx(c)} \\int_{{{_lx(lo)}}}^{{{_lx(hi)}}} x^{{{n}}}\\,dx "
                f"= {_lx(c)} \\cdot "
                f"\\frac{{{_paren(hi)}^{{{n + 1}}} - {_paren(lo)}^{{{n + 1}}}}}{{{n + 1}}} "
                f"= {_lx(answer)}$.",
            ],
            mistakes=[
                _mistake(
                    "misconception:unnormalised",
                    (hi ** (n + 1) - lo ** (n + 1)) / (n + 1),
                    "That integrates xⁿ without the constant c; find c first so that the "
                    "density integrates to 1.",
                ),
                _mistake(
                    "misconception:density-for-probability",
                    c * hi**n,
                    f"That is the density at {_t(hi)}, not a probability; integrate the density "
                    "over the interval.",
                ),
            ],
        )

    def _discrete(self, rng: np.random.Generator) -> Draft:
        size = _int(rng, 3, 5)
        values = list(range(1, size + 1))
        form = _pick(rng, ["k", "k^2", "table"])
        if form == "table":
            weights = [_int(rng, 1, 4) for _ in values]
            cells = [f"{w}c" if w > 1 else "c" for w in weights]
            intro = "A random variable X has this PMF, for a constant c:"
            header: list[Value | str] = ["x", *values]
            prompt = f"{intro}\n\n{_latex_table(header, [['P(X = x)', *cells]])}"
            text = f"{intro}\n\n{_text_table(header, [['P(X = x)', *cells]])}"
        else:
            weights = [v if form == "k" else v * v for v in values]
            rule_t = "c·k" if form == "k" else "c·k²"
            rule_l = "c\\,k" if form == "k" else "c\\,k^2"
            prompt = f"A random variable $X$ has $P(X = k) = {rule_l}$ for $k = 1, \\dots, {size}$."
            text = f"A random variable X has P(X = k) = {rule_t} for k = 1, ..., {size}."
        total = sum(weights)
        c = Fraction(1, total)
        ask = ("\n\n" if form == "table" else " ") + "Find the constant c. Give an exact fraction."
        return _draft(
            prompt=prompt + ask,
            text=text + ask,
            expected=c,
            data={"family": "discrete", "values": values, "weights": weights},
            hints=[
                "The probabilities of all values add up to 1.",
                f"Add the weights: c·({' + '.join(map(str, weights))}) = 1.",
            ],
            solution=[
                f"$\\sum_k P(X = k) = c\\,({' + '.join(map(str, weights))}) = {total}\\,c = 1$, "
                f"so $c = {_lx(c)}$."
            ],
            mistakes=[
                _mistake(
                    "misconception:inverted-constant",
                    total,
                    f"c·{total} must equal 1, so c = 1/{total}, not {total}.",
                ),
                _mistake(
                    "misconception:uniform-constant",
                    Fraction(1, size),
                    f"1/{size} would make all values equally likely; here the weights differ.",
                ),
            ],
        )

    def _exponential(self, rng: np.random.Generator) -> Draft:
        rate = _pick(rng, [Fraction(1, 2), Fraction(1), Fraction(2), Fraction(3), Fraction(3, 2)])
        t = _pick(rng, [Fraction(1), Fraction(2), Fraction(3), Fraction(1, 2)])
        exponent = rate * t
        expected = f"exp(-{_t(exponent)})"
        intro = (
            f"A continuous random variable X has density f(x) = c·e^(−{_rate_text(rate)}x) "
            "for x ≥ 0 "
            "and 0 for x < 0."
        )
        intro_l = (
            f"A continuous random variable $X$ has density $f(x) = c\\,e^{{-{_lx(rate)}x}}$ "
            "for $x \\ge 0$ and $0$ for $x < 0$."
        )
        ask = f" Find P(X > {_t(t)}) (an exact expression such as exp(-2) is fine)."
        ask_l = f" Find $P(X > {_lx(t)})$ (an exact expression such as exp(-2) is fine)."
        tail = math.exp(-float(exponent))
        return _draft(
            prompt=intro_l + ask_l,
            text=intro + ask,
            expected=expected,
            value=tail,
            data={"family": "exponential", "rate": _t(rate), "t": _t(t)},
            hints=[
                f"∫₀^∞ c·e^(−λx) dx = c/λ, so c = λ = {_t(rate)}.",
                "P(X > t) = ∫ₜ^∞ λe^(−λx) dx.",
            ],
            solution=[
                f"Normalising: $\\int_0^\\infty c\\,e^{{-{_lx(rate)}x}}\\,dx "
                "= "
                f"\\frac{{c}}{{{_lx(rate)}}} = 1$, "
                f"so $c = {_lx(rate)}$.",
                f"$P(X > {_lx(t)}) = \\int_{{{_lx(t)}}}^\\infty "
                f"{_lx(rate)}\\,e^{{-{_lx(rate)}x}}\\,dx"
                f" = e^{{-{_lx(exponent)}}}$.",
            ],
            mistakes=[
                _Mistake(
                    "misconception:cdf-for-tail",
                    f"1 - {expected}",
                    1 - tail,
                    f"That is P(X ≤ {_t(t)}); the question asks for the tail beyond it.",
                ),
                _Mistake(
                    "misconception:density-for-probability",
                    f"{_t(rate)}*{expected}",
                    float(rate) * tail,
                    f"That is the density f({_t(t)}), not a probability; integrate from "
                    f"{_t(t)} to ∞.",
                ),
            ],
        )


def _rate_text(rate: Fraction) -> str:
    """``3`` or ``(3/2)``: a coefficient in front of x in plain text."""
    return _t(rate) if rate.denominator == 1 else f"({_t(rate)})"


def fraction_strings(values: Sequence[Value]) -> list[str]:
    return [_t(v) for v in values]


# ---------------------------------------------------------------------------------------
# probability.expectation
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Function:
    """g(x) for E[g(X)]: how to compute it and how to write it."""

    name: str  # JSON tag, read by the tests
    params: tuple[int, ...]
    text: str
    latex: str

    def __call__(self, x: Value) -> Fraction:
        x = Fraction(x)
        if self.name == "square":
            return x * x
        if self.name == "shifted-square":
            return (x - self.params[0]) ** 2
        if self.name == "power-of-two":
            return Fraction(2) ** int(x) if x.denominator == 1 else Fraction(0)
        a, b = self.params  # "quadratic": a x² + b x
        return a * x * x + b * x


def _draw_function(rng: np.random.Generator) -> _Function:
    kind = _pick(rng, ["square", "shifted-square", "power-of-two", "quadratic"])
    if kind == "square":
        return _Function(kind, (), "X²", "X^2")
    if kind == "shifted-square":
        m = _pick(rng, [1, 2, -1])
        sign = "-" if m > 0 else "+"
        return _Function(kind, (m,), f"(X {sign} {abs(m)})²", f"(X {sign} {abs(m)})^2")
    if kind == "power-of-two":
        return _Function(kind, (), "2^X", "2^X")
    a, b = _pick(rng, [2, 3, -1]), _pick(rng, [1, -2, 3, -1])
    a_t = {1: "", -1: "-"}.get(a, str(a))
    b_t = f"{'+' if b > 0 else '-'} {abs(b) if abs(b) != 1 else ''}"
    return _Function(kind, (a, b), f"{a_t}X² {b_t}X", f"{a_t}X^2 {b_t}X")


@register
class Expectation(Generator):
    """Expected values: E[X] of a PMF (difficulty 1), E[g(X)] = Σ g(x)·p(x) for a
    nonlinear g, where g(E[X]) is the trap (2), and moments of a density by integration
    (3)."""

    skill = "probability.expectation"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 3:
            return self._continuous(rng)
        lo, hi = (0, 6) if difficulty == 1 else (-2, 3)
        values, probs = _draw_pmf(rng, 4, [8, 10, 12], lo, hi)
        mean = _moment(values, probs, lambda v: v)
        intro = "A random variable X has this PMF:"
        if difficulty == 1:
            prompt, text = _pmf_prompt(intro, values, probs, "Find E[X]. Give an exact fraction.")
            most = max(probs)
            mode = [v for v, p in zip(values, probs, strict=True) if p == most]
            mistakes = [
                _mistake(
                    "misconception:unweighted-mean",
                    Fraction(sum(values), len(values)),
                    "That is the plain average of the values; weight each value by its "
                    "probability: E[X] = Σ x·P(X = x).",
                )
            ]
            if len(mode) == 1:
                mistakes.append(
                    _mistake(
                        "misconception:mode-for-mean",
                        mode[0],
                        "That is the most likely value (the mode), not the expected value.",
                    )
                )
            return _draft(
                prompt=prompt,
                text=text,
                expected=mean,
                data={"values": values, "pmf": fractions_json(probs), "g": "identity"},
                hints=[
                    "E[X] = Σ x·P(X = x): each value times its probability, added up.",
                ],
                solution=[f"$E[X] = {_sum_latex(values, probs, _paren)} = {_lx(mean)}$."],
                mistakes=mistakes,
            )
        g = _draw_function(rng)
        if g.name == "power-of-two":
            values = sorted(v + 3 if v < 0 else v for v in values)
            if len(set(values)) < 4:
                values = [0, 1, 2, 3]
        answer = _moment(values, probs, g)
        mean = _moment(values, probs, lambda v: v)
        wrong = g(mean) if g.name != "power-of-two" or mean.denominator == 1 else None
        ask = f"Find E[{g.text}]. Give an exact fraction."
        prompt, text = _pmf_prompt(intro, values, probs, ask)
        prompt = prompt.replace(ask, f"Find $E[{g.latex}]$. Give an exact fraction.")
        mistakes = []
        if wrong is not None:
            mistakes.append(
                _mistake(
                    "misconception:function-of-mean",
                    wrong,
                    f"That is g(E[X]) with E[X] = {_t(mean)}; for a nonlinear g, E[g(X)] ≠ "
                    "g(E[X]). Apply g to each value, then weight by the probabilities.",
                )
            )
        gx = [g(v) for v in values]
        return _draft(
            prompt=prompt,
            text=text,
            expected=answer,
            data={
                "values": values,
                "pmf": fractions_json(probs),
                "g": g.name,
                "g_params": list(g.params),
            },
            hints=[
                "E[g(X)] = Σ g(x)·P(X = x) (the law of the unconscious statistician).",
                f"Compute g(x) = {g.text.replace('X', 'x')} for each value first.",
            ],
            solution=[
                "The values of g: "
                + ", ".join(f"$g({v}) = {_lx(y)}$" for v, y in zip(values, gx, strict=True))
                + ".",
                f"$E[{g.latex}] = "
                + " + ".join(f"{_paren(y)} \\cdot {_lx(p)}" for y, p in zip(gx, probs, strict=True))
                + f" = {_lx(answer)}$.",
            ],
            mistakes=mistakes,
        )

    def _continuous(self, rng: np.random.Generator) -> Draft:
        n, b, m = _int(rng, 1, 3), _pick(rng, [1, 2, 3]), _pick(rng, [1, 2])
        c = Fraction(n + 1, b ** (n + 1))
        moment = lambda k: c * Fraction(b ** (n + k + 1), n + k + 1)  # noqa: E731
        answer = moment(m)
        target = "X" if m == 1 else "X^2"
        target_t = "X" if m == 1 else "X²"
        density_t = _power_density_text(_t(c), n)
        density_l = _power_density_latex(_lx(c), n)
        ask_t = f"Find E[{target_t}]. Give an exact fraction."
        mistakes = [
            _mistake(
                "misconception:midpoint-for-mean",
                Fraction(b, 2) ** m,
                f"The density is not flat: it grows like xⁿ, so X is more often near {b} than "
                "near 0. Integrate x·f(x).",
            )
        ]
        if m == 2:
            mistakes.append(
                _mistake(
                    "misconception:function-of-mean",
                    moment(1) ** 2,
                    f"That is (E[X])² with E[X] = {_t(moment(1))}; E[X²] = ∫x²f(x)dx is "
                    "larger by the variance.",
                )
            )
        return _draft(
            prompt=(
                f"A continuous random variable $X$ has density $f(x) = {density_l}$ on "
                f"$[0, {b}]$ (and $0$ elsewhere). Find $E[{target}]$. Give an exact fraction."
            ),
            text=(
                f"A continuous random variable X has density f(x) = {density_t} on [0, {b}] "
                f"(and 0 elsewhere). {ask_t}"
            ),
            expected=answer,
            data={"family": "power", "n": n, "b": b, "c": _t(c), "moment": m},
            hints=[
                f"E[g(X)] = ∫ g(x)·f(x) dx over the support; here g(x) = {target_t.lower()}.",
                f"∫₀^{b} x^k dx = {b}^(k+1)/(k+1).",
            ],
            solution=[
                f"$E[{target}] = \\int_0^{{{b}}} x^{{{m}}} \\cdot {density_l.replace('x', 'x')}"
                f"\\,dx = {_lx(c)} \\cdot \\frac{{{b}^{{{n + m + 1}}}}}{{{n + m + 1}}} "
                f"= {_lx(answer)}$."
            ],
            mistakes=mistakes,
        )


# ---------------------------------------------------------------------------------------
# probability.variance
# ---------------------------------------------------------------------------------------

_SCALES = (Fraction(-3), Fraction(-2), Fraction(2), Fraction(3), Fraction(4), Fraction(1, 2))


def _affine_text(a: Fraction, b: int) -> tuple[str, str]:
    sign = "+" if b > 0 else "-"
    a_t = "-" if a == -1 else _t(a)
    a_l = "-" if a == -1 else _lx(a)
    return f"{a_t}X {sign} {abs(b)}", f"{a_l}X {sign} {abs(b)}"


@register
class Variance(Generator):
    """Variance as E[X²] − (E[X])² from a PMF (difficulty 1); Var(aX + b) = a²·Var(X) from
    given moments, where forgetting to square a is the trap (2); both steps at once from a
    PMF (3)."""

    skill = "probability.variance"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        a, b = _pick(rng, _SCALES), _pick(rng, [-5, -3, -1, 1, 2, 4, 5])
        affine_t, affine_l = _affine_text(a, b)
        if difficulty == 2:
            mean = _int(rng, -3, 4)
            var = Fraction(_int(rng, 1, 9), _pick(rng, [1, 1, 2, 4]))
            second = var + mean * mean
            given_second = bool(rng.random() < 0.5)
            answer = a * a * var
            facts_t = (
                f"E[X] = {mean} and E[X²] = {_t(second)}"
                if given_second
                else f"E[X] = {mean} and Var(X) = {_t(var)}"
            )
            facts_l = (
                f"$E[X] = {mean}$ and $E[X^2] = {_lx(second)}$"
                if given_second
                else f"$E[X] = {mean}$ and $\\operatorname{{Var}}(X) = {_lx(var)}$"
            )
            steps = []
            if given_second:
                steps.append(
                    f"$\\operatorname{{Var}}(X) = E[X^2] - (E[X])^2 = {_lx(second)} - "
                    f"{_paren(mean)}^2 = {_lx(var)}$."
                )
            steps.append(
                f"$\\operatorname{{Var}}({affine_l}) = {_paren(a)}^2 \\cdot {_lx(var)} = "
                f"{_lx(answer)}$: the shift {b} moves X but does not spread it."
            )
            mistakes = self._scale_mistakes(a, b, var)
            if given_second:
                mistakes.append(
                    _mistake(
                        "misconception:second-moment-for-variance",
                        a * a * second,
                        "E[X²] is not the variance: subtract (E[X])² first.",
                    )
                )
            return _draft(
                prompt=f"A random variable $X$ has {facts_l}. Find "
                f"$\\operatorname{{Var}}({affine_l})$. Give an exact fraction.",
                text=f"A random variable X has {facts_t}. Find Var({affine_t}). "
                "Give an exact fraction.",
                expected=answer,
                data={
                    "mean": mean,
                    "second_moment" if given_second else "variance": _t(
                        second if given_second else var
                    ),
                    "a": _t(a),
                    "b": b,
                },
                hints=[
                    "Var(aX + b) = a²·Var(X): a shift does not change the spread, a scale "
                    "multiplies it by a².",
                    "Var(X) = E[X²] − (E[X])².",
                ],
                solution=steps,
                mistakes=mistakes,
            )
        size = 3 if difficulty == 1 else 4
        values, probs = _draw_pmf(rng, size, [4, 6, 8, 10] if size == 3 else [8, 10, 12], -2, 4)
        mean = _moment(values, probs, lambda v: v)
        second = _moment(values, probs, lambda v: v * v)
        var = second - mean * mean
        steps = [
            f"$E[X] = {_sum_latex(values, probs, _paren)} = {_lx(mean)}$.",
            f"$E[X^2] = {_sum_latex(values, probs, lambda v: f'{_paren(v)}^2')} = {_lx(second)}$.",
            f"$\\operatorname{{Var}}(X) = E[X^2] - (E[X])^2 = {_lx(second)} - {_paren(mean)}^2 "
            f"= {_lx(var)}$.",
        ]
        intro = "A random variable X has this PMF:"
        mistakes = []
        if difficulty == 1:
            answer = var
            ask_t, ask_l = "Find Var(X).", "Find $\\operatorname{Var}(X)$."
            mistakes.append(
                _mistake(
                    "misconception:unsquared-mean",
                    second - mean,
                    "Var(X) = E[X²] − (E[X])²: the mean is squared before subtracting.",
                )
            )
            data: dict[str, Any] = {}
        else:
            answer = a * a * var
            ask_t = f"Find Var({affine_t})."
            ask_l = f"Find $\\operatorname{{Var}}({affine_l})$."
            steps.append(
                f"$\\operatorname{{Var}}({affine_l}) = {_paren(a)}^2 \\cdot {_lx(var)} = "
                f"{_lx(answer)}$."
            )
            mistakes.extend(self._scale_mistakes(a, b, var))
            data = {"a": _t(a), "b": b}
        mistakes.append(
            _mistake(
                "misconception:second-moment-for-variance",
                second if difficulty == 1 else a * a * second,
                "E[X²] is not the variance: subtract (E[X])² first.",
            )
        )
        prompt, text = _pmf_prompt(intro, values, probs, ask_t + " Give an exact fraction.")
        prompt = prompt.replace(ask_t, ask_l)
        return _draft(
            prompt=prompt,
            text=text,
            expected=answer,
            data={"values": values, "pmf": fractions_json(probs), **data},
            hints=[
                "Var(X) = E[X²] − (E[X])².",
                "Compute E[X] and E[X²] = Σ x²·P(X = x) from the table.",
                *(["Then Var(aX + b) = a²·Var(X)."] if difficulty == 3 else []),
            ],
            solution=steps,
            mistakes=mistakes,
        )

    @staticmethod
    def _scale_mistakes(a: Fraction, b: int, var: Fraction) -> list[_Mistake]:
        return [
            _mistake(
                "misconception:unsquared-scale",
                a * var,
                f"Scaling X by {_t(a)} scales the variance by {_t(a)}² = {_t(a * a)}, not by "
                f"{_t(a)}: Var(aX + b) = a²·Var(X).",
            ),
            _mistake(
                "misconception:shift-changes-variance",
                a * a * var + b,
                f"Adding {b} shifts X without changing its spread: the + b drops out of the "
                "variance.",
            ),
        ]


# ---------------------------------------------------------------------------------------
# probability.common-distributions
# ---------------------------------------------------------------------------------------

_PROBS = tuple(Fraction(t) for t in ("1/2", "1/3", "1/4", "2/3", "3/4", "1/5", "2/5", "1/10"))


def _normal_within(k: int) -> float:
    """P(|Z| ≤ k) for a standard normal Z."""
    return math.erf(k / math.sqrt(2))


@register
class CommonDistributions(Generator):
    """The named distributions: a mean or variance from the parameters (difficulty 1); a
    point probability, a tail, or a standardised value (2); cumulative probabilities that
    take several terms or a complement, and normal probabilities as rounded decimals (3)."""

    skill = "probability.common-distributions"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        family = _pick(
            rng, ["binomial", "geometric", "poisson", "uniform", "exponential", "normal"]
        )
        if difficulty == 1 and family == "normal":
            family = "binomial"
        method = getattr(self, f"_{family}")
        return method(rng, difficulty)

    @staticmethod
    def _draft(
        setting: str,
        setting_l: str,
        ask: str,
        ask_l: str,
        expected: Value | str,
        data,
        hints,
        solution,
        mistakes,
        value: float | None = None,
        tolerance: float | None = None,
    ) -> Draft:
        return _draft(
            prompt=f"{setting_l} {ask_l}",
            text=f"{setting} {ask}",
            expected=expected,
            value=value,
            data=data,
            hints=hints,
            solution=solution,
            mistakes=mistakes,
            tolerance=tolerance,
        )

    def _binomial(self, rng: np.random.Generator, difficulty: int) -> Draft:
        n, p = _int(rng, 3, 8 if difficulty < 3 else 10), _pick(rng, _PROBS)
        q = 1 - p
        setting = (
            f"X ~ Binomial(n = {n}, p = {_t(p)}): the number of successes in {n} independent "
            "trials."
        )
        setting_l = (
            f"$X \\sim \\text{{Binomial}}(n = {n}, p = {_lx(p)})$: the number of successes in "
            f"{n} independent trials."
        )
        data = {"family": "binomial", "n": n, "p": _t(p)}
        hints = ["Binomial: E[X] = np, Var(X) = np(1 − p), P(X = k) = C(n, k)·p^k·(1 − p)^(n−k)."]
        if difficulty == 1:
            answer = n * p * q
            return self._draft(
                setting,
                setting_l,
                "Find Var(X).",
                "Find $\\operatorname{Var}(X)$.",
                answer,
                data | {"ask": "variance"},
                hints,
                [
                    f"$\\operatorname{{Var}}(X) = np(1-p) = {n} \\cdot {_lx(p)} \\cdot "
                    f"{_lx(q)} = {_lx(answer)}$."
                ],
                [
                    _mistake(
                        "misconception:mean-for-variance",
                        n * p,
                        "np is the mean; the variance has the extra factor (1 − p).",
                    ),
                ],
            )
        k = _int(rng, 1, n - 1)
        if difficulty == 2:
            answer = math.comb(n, k) * p**k * q ** (n - k)
            return self._draft(
                setting,
                setting_l,
                f"Find P(X = {k}). Give an exact fraction.",
                f"Find $P(X = {k})$. Give an exact fraction.",
                answer,
                data | {"ask": "pmf", "k": k},
                hints,
                [
                    f"$P(X = {k}) = \\binom{{{n}}}{{{k}}} {_paren(p)}^{{{k}}} "
                    f"{_paren(q)}^{{{n - k}}} "
                    f"= {math.comb(n, k)} \\cdot {_lx(p**k)} \\cdot {_lx(q ** (n - k))} = "
                    f"{_lx(answer)}$."
                ],
                [
                    _mistake(
                        "misconception:missing-binomial-coefficient",
                        p**k * q ** (n - k),
                        f"That is the probability of one particular order; there are C({n}, {k}) = "
                        f"{math.comb(n, k)} orders of {k} successes.",
                    )
                ],
            )
        answer = 1 - q**n
        return self._draft(
            setting,
            setting_l,
            "Find P(X ≥ 1). Give an exact fraction.",
            "Find $P(X \\ge 1)$. Give an exact fraction.",
            answer,
            data | {"ask": "at-least-one"},
            hints,
            [f"$P(X \\ge 1) = 1 - P(X = 0) = 1 - {_paren(q)}^{{{n}}} = {_lx(answer)}$."],
            [
                _mistake(
                    "misconception:added-probabilities",
                    n * p,
                    "Adding p for each trial counts overlaps more than once; use 1 − P(X = 0).",
                ),
                _mistake(
                    "misconception:complement-not-subtracted",
                    q**n,
                    "That is P(X = 0); subtract it from 1.",
                ),
            ],
        )

    def _geometric(self, rng: np.random.Generator, difficulty: int) -> Draft:
        p = _pick(rng, _PROBS[:-1])
        q = 1 - p
        setting = (
            f"X ~ Geometric(p = {_t(p)}): the number of independent trials up to and including "
            "the first success."
        )
        setting_l = (
            f"$X \\sim \\text{{Geometric}}(p = {_lx(p)})$: the number of independent trials up "
            "to and including the first success."
        )
        data = {"family": "geometric", "p": _t(p)}
        hints = [
            "X = k means k − 1 failures, then a success: P(X = k) = (1 − p)^(k−1)·p; E[X] = 1/p."
        ]
        if difficulty == 1:
            return self._draft(
                setting,
                setting_l,
                "Find E[X].",
                "Find $E[X]$.",
                1 / p,
                data | {"ask": "mean"},
                hints,
                [f"$E[X] = 1/p = {_lx(1 / p)}$."],
                [
                    _mistake(
                        "misconception:failures-for-trials",
                        q / p,
                        "(1 − p)/p counts the failures before the first success; X also "
                        "counts the success.",
                    )
                ],
            )
        k = _int(rng, 2, 5)
        if difficulty == 2:
            answer = q ** (k - 1) * p
            return self._draft(
                setting,
                setting_l,
                f"Find P(X = {k}). Give an exact fraction.",
                f"Find $P(X = {k})$. Give an exact fraction.",
                answer,
                data | {"ask": "pmf", "k": k},
                hints,
                [
                    f"$P(X = {k}) = (1-p)^{{{k - 1}}} p = {_paren(q)}^{{{k - 1}}} \\cdot "
                    f"{_lx(p)} = {_lx(answer)}$."
                ],
                [
                    _mistake(
                        "misconception:failures-for-trials",
                        q**k * p,
                        f"X = {k} means {k - 1} failures then the success, not {k} failures.",
                    )
                ],
            )
        answer = q**k
        return self._draft(
            setting,
            setting_l,
            f"Find P(X > {k}). Give an exact fraction.",
            f"Find $P(X > {k})$. Give an exact fraction.",
            answer,
            data | {"ask": "tail", "k": k},
            hints + [f"X > {k} means the first {k} trials all fail."],
            [f"$P(X > {k}) = (1-p)^{{{k}}} = {_lx(answer)}$: the first {k} trials are failures."],
            [
                _mistake(
                    "misconception:endpoint",
                    q ** (k - 1),
                    f"That is P(X ≥ {k}) = P(X > {k - 1}); X > {k} needs {k} failures.",
                ),
                _mistake(
                    "misconception:complement-not-subtracted",
                    1 - q**k,
                    f"That is P(X ≤ {k}); the tail is its complement.",
                ),
            ],
        )

    def _poisson(self, rng: np.random.Generator, difficulty: int) -> Draft:
        lam = _int(rng, 1, 5)
        setting = f"X ~ Poisson(λ = {lam})."
        setting_l = f"$X \\sim \\text{{Poisson}}(\\lambda = {lam})$."
        data = {"family": "poisson", "lambda": lam}
        hints = ["Poisson: P(X = k) = λ^k·e^(−λ)/k!, and E[X] = Var(X) = λ."]
        if difficulty == 1:
            sd = math.sqrt(lam)
            return self._draft(
                setting,
                setting_l,
                "Find Var(X).",
                "Find $\\operatorname{Var}(X)$.",
                lam,
                data | {"ask": "variance"},
                hints,
                [
                    "For a Poisson distribution the variance equals the mean: "
                    f"$\\operatorname{{Var}}(X) = \\lambda = {lam}$."
                ],
                [
                    _Mistake(
                        "misconception:sd-for-variance",
                        f"sqrt({lam})",
                        sd,
                        "√λ is the standard deviation; the variance is λ itself.",
                    )
                ],
            )
        k = _int(rng, 1, 4) if difficulty == 2 else 2
        if difficulty == 2:
            coef = Fraction(lam**k, math.factorial(k))
            expected = f"{_t(coef)}*exp(-{lam})"
            wrong = f"{lam**k}*exp(-{lam})"
            return self._draft(
                setting,
                setting_l,
                f"Find P(X = {k}) (an exact expression such as 2*exp(-3) is fine).",
                f"Find $P(X = {k})$ (an exact expression such as 2*exp(-3) is fine).",
                expected,
                data | {"ask": "pmf", "k": k},
                hints,
                [
                    f"$P(X = {k}) = \\frac{{{lam}^{{{k}}} e^{{-{lam}}}}}{{{k}!}} = "
                    f"{_lx(coef)}\\,e^{{-{lam}}}$."
                ],
                [
                    _Mistake(
                        "misconception:missing-factorial",
                        wrong,
                        lam**k * math.exp(-lam),
                        f"Divide by k! = {math.factorial(k)}: P(X = k) = λ^k e^(−λ)/k!.",
                    )
                ]
                if k > 1
                else [],
                value=float(coef) * math.exp(-lam),
            )
        coef = 1 + lam + Fraction(lam * lam, 2)
        expected = f"{_t(coef)}*exp(-{lam})"
        only = Fraction(lam * lam, 2)
        return self._draft(
            setting,
            setting_l,
            "Find P(X ≤ 2) (an exact expression such as 2*exp(-3) is fine).",
            "Find $P(X \\le 2)$ (an exact expression such as 2*exp(-3) is fine).",
            expected,
            data | {"ask": "cdf", "k": 2},
            hints + ["P(X ≤ 2) = P(X = 0) + P(X = 1) + P(X = 2)."],
            [
                f"$P(X \\le 2) = e^{{-{lam}}}\\left(1 + {lam} + \\frac{{{lam}^2}}{{2}}\\right) "
                f"= {_lx(coef)}\\,e^{{-{lam}}}$."
            ],
            [
                _Mistake(
                    "misconception:pmf-for-cdf",
                    f"{_t(only)}*exp(-{lam})",
                    float(only) * math.exp(-lam),
                    "That is P(X = 2) only; 'at most 2' adds P(X = 0) and P(X = 1).",
                )
            ],
            value=float(coef) * math.exp(-lam),
        )

    def _uniform(self, rng: np.random.Generator, difficulty: int) -> Draft:
        a = _int(rng, -4, 3)
        b = a + _int(rng, 2, 8)
        setting = f"X ~ Uniform({a}, {b}), continuous on the interval [{a}, {b}]."
        setting_l = f"$X \\sim \\text{{Uniform}}({a}, {b})$, continuous on $[{a}, {b}]$."
        data = {"family": "uniform", "a": a, "b": b}
        hints = [
            "Uniform(a, b): density 1/(b − a) on [a, b]; E[X] = (a + b)/2, Var(X) = (b − a)²/12."
        ]
        if difficulty == 1:
            answer = Fraction((b - a) ** 2, 12)
            return self._draft(
                setting,
                setting_l,
                "Find Var(X). Give an exact fraction.",
                "Find $\\operatorname{Var}(X)$. Give an exact fraction.",
                answer,
                data | {"ask": "variance"},
                hints,
                [
                    "$\\operatorname{{Var}}(X) = \\frac{{(b-a)^2}}{{12}} = "
                    f"\\frac{{{(b - a) ** 2}}}{{12}} = {_lx(answer)}$."
                ],
                [
                    _mistake(
                        "misconception:unsquared-width",
                        Fraction(b - a, 12),
                        "The width is squared: Var(X) = (b − a)²/12.",
                    )
                ],
            )
        lo = _int(rng, a, b - 1)
        hi = _int(rng, lo + 1, b) if difficulty == 3 else b + 2
        top = min(hi, b)
        answer = Fraction(top - lo, b - a)
        ask = f"Find P({lo} < X < {hi}). Give an exact fraction."
        return self._draft(
            setting,
            setting_l,
            ask,
            f"Find $P({lo} < X < {hi})$. Give an exact fraction.",
            answer,
            data | {"ask": "interval", "low": lo, "high": hi},
            hints + ["A probability is the length of the part of [a, b] covered, over b − a."],
            [
                f"The interval covers $[{lo}, {top}]$ of $[{a}, {b}]$: $P = \\frac{{{top} - "
                f"{_paren(lo)}}}{{{b} - {_paren(a)}}} = {_lx(answer)}$."
            ],
            [
                _mistake(
                    "misconception:beyond-support",
                    Fraction(hi - lo, b - a),
                    f"X never exceeds {b}: only the part of the interval inside [{a}, {b}] counts.",
                )
            ]
            if hi > b
            else [],
        )

    def _exponential(self, rng: np.random.Generator, difficulty: int) -> Draft:
        lam = _pick(rng, [Fraction(1, 2), Fraction(1, 3), Fraction(2), Fraction(3), Fraction(1, 4)])
        setting = f"X ~ Exponential with rate λ = {_t(lam)} (density λe^(−λx) for x ≥ 0)."
        setting_l = (
            f"$X \\sim \\text{{Exponential}}(\\lambda = {_lx(lam)})$, density $\\lambda "
            "e^{{-\\lambda x}}$ for $x \\ge 0$."
        )
        data = {"family": "exponential", "rate": _t(lam)}
        hints = ["Exponential(λ): E[X] = 1/λ, Var(X) = 1/λ², P(X > t) = e^(−λt)."]
        if difficulty == 1:
            ask_var = bool(rng.random() < 0.5)
            answer = 1 / lam**2 if ask_var else 1 / lam
            mistakes = [
                _mistake(
                    "misconception:rate-for-mean",
                    lam if not ask_var else lam**2,
                    "λ is the rate (events per unit time); the mean waiting time is 1/λ.",
                )
            ]
            if ask_var:
                mistakes.append(
                    _mistake(
                        "misconception:mean-for-variance",
                        1 / lam,
                        "1/λ is the mean; the variance is 1/λ².",
                    )
                )
            return self._draft(
                setting,
                setting_l,
                "Find Var(X)." if ask_var else "Find E[X].",
                "Find $\\operatorname{Var}(X)$." if ask_var else "Find $E[X]$.",
                answer,
                data | {"ask": "variance" if ask_var else "mean"},
                hints,
                [
                    ("$\\operatorname{Var}(X) = 1/\\lambda^2" if ask_var else "$E[X] = 1/\\lambda")
                    + f" = {_lx(answer)}$."
                ],
                mistakes,
            )
        t = _pick(rng, [1, 2, 3])
        if difficulty == 2:
            e = lam * t
            expected = f"exp(-{_t(e)})"
            return self._draft(
                setting,
                setting_l,
                f"Find P(X > {t}) (an exact expression is fine).",
                f"Find $P(X > {t})$ (an exact expression is fine).",
                expected,
                data | {"ask": "tail", "t": t},
                hints,
                [
                    f"$P(X > {t}) = \\int_{{{t}}}^\\infty \\lambda e^{{-\\lambda x}}\\,dx = "
                    f"e^{{-{_lx(e)}}}$."
                ],
                [
                    _Mistake(
                        "misconception:cdf-for-tail",
                        f"1 - exp(-{_t(e)})",
                        1 - math.exp(-float(e)),
                        f"That is P(X ≤ {t}), the CDF; the tail is e^(−λt).",
                    )
                ],
                value=math.exp(-float(e)),
            )
        s = t + _pick(rng, [1, 2])
        e1, e2 = lam * t, lam * s
        expected = f"exp(-{_t(e1)}) - exp(-{_t(e2)})"
        val = math.exp(-float(e1)) - math.exp(-float(e2))
        return self._draft(
            setting,
            setting_l,
            f"Find P({t} < X ≤ {s}) (an exact expression is fine).",
            f"Find $P({t} < X \\le {s})$ (an exact expression is fine).",
            expected,
            data | {"ask": "interval", "low": t, "high": s},
            hints + ["P(a < X ≤ b) = F(b) − F(a) with F(x) = 1 − e^(−λx)."],
            [f"$P({t} < X \\le {s}) = F({s}) - F({t}) = e^{{-{_lx(e1)}}} - e^{{-{_lx(e2)}}}$."],
            [
                _Mistake(
                    "misconception:density-for-probability",
                    f"{_t(lam)}*exp(-{_t(e1)}) - {_t(lam)}*exp(-{_t(e2)})",
                    float(lam) * val,
                    "Those are density values; a probability is the area under the density, "
                    "F(b) − F(a).",
                )
            ],
            value=val,
        )

    def _normal(self, rng: np.random.Generator, difficulty: int) -> Draft:
        mu, sigma = _int(rng, -5, 20), _pick(rng, [2, 3, 4, 5, 10])
        setting = f"X ~ Normal(μ = {mu}, σ² = {sigma * sigma})."
        setting_l = f"$X \\sim \\mathcal{{N}}(\\mu = {mu}, \\sigma^2 = {sigma * sigma})$."
        data = {"family": "normal", "mean": mu, "variance": sigma * sigma}
        if difficulty == 2:
            z = _pick(rng, [Fraction(k, 2) for k in (-5, -4, -3, -2, -1, 1, 2, 3, 4, 5)])
            x = mu + z * sigma
            return self._draft(
                setting,
                setting_l,
                f"P(X ≤ {_t(x)}) = P(Z ≤ z) for a standard normal Z. Find z.",
                f"$P(X \\le {_lx(x)}) = P(Z \\le z)$ for a standard normal $Z$. Find $z$.",
                z,
                data | {"ask": "standardise", "x": _t(x)},
                [
                    "Standardise: Z = (X − μ)/σ is standard normal.",
                    f"σ is the square root of the variance {sigma * sigma}.",
                ],
                [
                    f"$z = \\frac{{x - \\mu}}{{\\sigma}} = \\frac{{{_lx(x)} - "
                    f"{_paren(mu)}}}{{{sigma}}} = {_lx(z)}$."
                ],
                [
                    _mistake(
                        "misconception:variance-for-sd",
                        (x - mu) / (sigma * sigma),
                        f"Divide by the standard deviation σ = {sigma}, not by the variance σ² "
                        f"= {sigma * sigma}.",
                    )
                ],
            )
        k = _int(rng, 1, 3)
        within = _normal_within(k)
        one_sided = 0.5 + within / 2
        return self._draft(
            setting,
            setting_l,
            f"Find P({mu - k * sigma} ≤ X ≤ {mu + k * sigma}) to 3 decimals.",
            f"Find $P({mu - k * sigma} \\le X \\le {mu + k * sigma})$ to 3 decimals.",
            f"{within:.10f}",
            data | {"ask": "within", "k": k},
            [
                "Standardise the endpoints: z = (x − μ)/σ.",
                "The 68–95–99.7 rule gives P(|Z| ≤ 1), P(|Z| ≤ 2), P(|Z| ≤ 3).",
            ],
            [
                f"The endpoints are $\\mu \\pm {k}\\sigma$, so $P = P(|Z| \\le {k}) = "
                f"2\\Phi({k}) - 1 \\approx {within:.4f}$."
            ],
            [
                _Mistake(
                    "misconception:one-sided",
                    f"{one_sided:.6f}",
                    one_sided,
                    f"That is P(X ≤ μ + {k}σ), which includes the whole lower tail; subtract "
                    f"P(X < μ − {k}σ).",
                )
            ],
            value=within,
        )
