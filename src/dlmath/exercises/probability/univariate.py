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
from dlmath.exercises.probability.tables import fractions_json, random_pmf
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
            f"there are $6^{n} = {6**n}$ equally likely outcomes.",
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
            f"The outcomes are the $2^{n} = {total}$ sequences of H and T, all equally likely.",
            "The number of sequences with exactly j heads is the binomial coefficient "
            f"$\\binom{{{n}}}{{j}}$.",
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
            f"Only one of the $2^{n}$ sequences has no heads at all.",
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
            "The outcomes are the $\\binom{52}{2}$ unordered pairs of distinct cards.",
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
