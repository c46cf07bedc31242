"""Equally likely outcomes (dice, coins, cards), the events asked about them, and how
each family of events is counted and explained, by level (probability.sample-spaces)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from dlmath.exercises.base import Misconception
from dlmath.exercises.kit import draw_int, pick, tex_number
from dlmath.exercises.probability.drafting import mistake

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

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


def favourable_and_total(space: str, n: int, event: dict[str, Any]) -> tuple[int, int]:
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
    mistakes: list[Misconception]


def _dice_sum(rng: np.random.Generator, n: int) -> _Counting:
    op = pick(rng, ["=", "=", ">=", "<="])
    ranges = {
        2: {"=": (3, 11), ">=": (8, 11), "<=": (3, 6)},
        3: {"=": (5, 16), ">=": (13, 17), "<=": (4, 8)},
    }[n]
    s = draw_int(rng, *ranges[op])
    event = {"kind": "sum", "op": op, "value": s}
    words = {
        "=": f"the sum is {s}",
        ">=": f"the sum is at least {s}",
        "<=": f"the sum is at most {s}",
    }
    favourable, total = favourable_and_total("dice", n, event)
    sums = [t for t in range(n, 6 * n + 1) if _OPS[op](t, s)]
    multisets = list(itertools.combinations_with_replacement(range(1, 7), n))
    unordered = sum(1 for m in multisets if _OPS[op](sum(m), s))
    mistakes = [
        mistake(
            "misconception:unordered-outcomes",
            Fraction(unordered, len(multisets)),
            f"Unordered results such as {{1, 2}} are not equally likely: (1, 2) and (2, 1) are "
            f"two outcomes. Count ordered {n}-tuples, {total} in all.",
        ),
        mistake(
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
    n = draw_int(rng, 3, 4) if exact else draw_int(rng, 5, 6)
    k = draw_int(rng, 1, n - 1) if exact else draw_int(rng, 2, n - 2)
    op = "=" if exact else ">="
    event = {"kind": "heads", "op": op, "value": k}
    total = 2**n
    counts = [math.comb(n, j) for j in range(k, n + 1)] if not exact else [math.comb(n, k)]
    mistakes = [
        mistake(
            "misconception:counts-equally-likely",
            Fraction(1 if exact else n - k + 1, n + 1),
            f"The {n + 1} possible numbers of heads are not equally likely; count the "
            f"sequences of H and T ({total} of them) with each number of heads.",
        )
    ]
    if not exact:
        mistakes.append(
            mistake(
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
        n, face = draw_int(rng, 2, 4), draw_int(rng, 1, 6)
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
                f"$6^{n} = {6**n}$ outcomes, so $P(\\text{{none}}) = {tex_number(none)}$.",
                f"$P(\\text{{at least one}}) = 1 - {tex_number(none)}$.",
            ],
            [
                mistake(
                    "misconception:added-probabilities",
                    Fraction(n, 6),
                    "Adding 1/6 for each roll counts the outcomes with several "
                    f"{face}s more than once (the events overlap); use the complement.",
                ),
                mistake(
                    "misconception:complement-not-subtracted",
                    none,
                    f"That is P(no {face} at all), the complement; subtract it from 1.",
                ),
            ],
        )
    n = draw_int(rng, 3, 6)
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
            f"$P(\\text{{no heads}}) = {tex_number(none)}$.",
            f"$P(\\text{{at least one head}}) = 1 - {tex_number(none)}$.",
        ],
        [
            mistake(
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
    suit = pick(rng, SUITS)
    ranks, rank_words = pick(rng, _RANK_SETS)
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
            mistake(
                "misconception:union-without-intersection",
                Fraction(13 + 4 * r, 52),
                f"The {r} card(s) that are both {suit} and {rank_words} were counted twice: "
                "subtract P(A ∩ B).",
            )
        ],
    )


def _dice_union(rng: np.random.Generator) -> _Counting:
    parity = pick(rng, ["even", "odd"])
    s = draw_int(rng, 8, 11)
    a = {"kind": "die", "index": 0, "parity": parity}
    b = {"kind": "sum", "op": ">=", "value": s}
    event = {"kind": "or", "events": [a, b]}
    n_a, _ = favourable_and_total("dice", 2, a)
    n_b, _ = favourable_and_total("dice", 2, b)
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
            mistake(
                "misconception:union-without-intersection",
                Fraction(n_a + n_b, 36),
                f"The {n_ab} pairs in both events were counted twice: subtract P(A ∩ B).",
            )
        ],
    )


def _two_cards(rng: np.random.Generator) -> _Counting:
    total = math.comb(52, 2)
    shape = draw_int(rng, 0, 2)
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
        suit = pick(rng, SUITS)
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
            mistake(
                "misconception:with-replacement",
                wrong,
                "That treats the two draws as independent (drawing with replacement); the "
                "first card is not put back, so count pairs of distinct cards.",
            )
        ],
    )


COUNTING_FAMILIES: dict[int, tuple[Callable[[np.random.Generator], _Counting], ...]] = {
    1: (lambda rng: _dice_sum(rng, 2), lambda rng: _coins_heads(rng, exact=True)),
    2: (_at_least_one, _card_union, _dice_union),
    3: (lambda rng: _dice_sum(rng, 3), lambda rng: _coins_heads(rng, exact=False), _two_cards),
}
