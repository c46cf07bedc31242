"""Prefix codes: Huffman code-word lengths, average code length, the Kraft inequality.

Huffman's algorithm breaks ties arbitrarily, and different tie-breaks can give different
code-word lengths (all optimal, with the same average). So an exercise that asks for the
lengths only uses distributions where every tie-break gives the same lengths; the
average length is unique and can always be asked.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.information.random_tables import (
    dyadic,
    fractions_json,
    rational,
    row_latex,
)
from dlmath.exercises.kit import composition, text_number
from dlmath.exercises.kit.logs import entropy, latex_fraction
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

SYMBOLS = "abcdef"
#: The example of the LAMDA notes (section 2): one symbol at 1/2, four at 1/8. The notes
#: state an average length of 2.5 bits; the right value is 2 bits, equal to the entropy.
LAMDA_EXAMPLE = [Fraction(1, 2), *[Fraction(1, 8)] * 4]

Node = tuple[Fraction, tuple[int, ...]]


def _merge(nodes: list[Node], i: int, j: int) -> list[Node]:
    rest = [n for k, n in enumerate(nodes) if k not in (i, j)]
    return [*rest, (nodes[i][0] + nodes[j][0], nodes[i][1] + nodes[j][1])]


def _all_huffman_lengths(p: list[Fraction]) -> set[tuple[int, ...]]:
    """The code-word lengths of every Huffman tree (every way of breaking ties)."""
    found: set[tuple[int, ...]] = set()

    def grow(nodes: list[Node], depth: tuple[int, ...]) -> None:
        if len(nodes) == 1:
            found.add(depth)
            return
        order = sorted(range(len(nodes)), key=lambda k: nodes[k][0])
        w1, w2 = nodes[order[0]][0], nodes[order[1]][0]
        firsts = [k for k in order if nodes[k][0] == w1]
        seconds = [k for k in order if nodes[k][0] == w2]
        pairs = {
            (min(i, j), max(i, j)) for i in firsts for j in seconds if i != j
        }  # both smallest weights, any tie-break
        for i, j in sorted(pairs):
            deeper = list(depth)
            for s in nodes[i][1] + nodes[j][1]:
                deeper[s] += 1
            grow(_merge(nodes, i, j), tuple(deeper))

    grow([(x, (s,)) for s, x in enumerate(p)], tuple(0 for _ in p))
    return found


def _huffman_steps(p: list[Fraction]) -> tuple[list[str], tuple[int, ...]]:
    """One tie-break of Huffman's algorithm, written out (the merges in order), and the
    code-word lengths of that tree."""
    nodes: list[tuple[Fraction, str]] = [(x, SYMBOLS[s]) for s, x in enumerate(p)]
    depth = [0] * len(p)
    steps = []
    while len(nodes) > 1:
        nodes.sort(key=lambda n: n[0])
        (w1, a), (w2, b) = nodes[0], nodes[1]
        for symbol in a + b:
            depth[SYMBOLS.index(symbol)] += 1
        steps.append(
            f"merge $\\{{\\mathrm{{{a}}}\\}}$ (${latex_fraction(w1)}$) and "
            f"$\\{{\\mathrm{{{b}}}\\}}$ (${latex_fraction(w2)}$) into one node of weight "
            f"${latex_fraction(w1 + w2)}$"
        )
        nodes = [(w1 + w2, a + b), *nodes[2:]]
    return steps, tuple(depth)


def _average(p: list[Fraction], lengths: tuple[int, ...]) -> Fraction:
    return sum((x * n for x, n in zip(p, lengths, strict=True)), Fraction(0))


def _average_latex(p: list[Fraction], lengths: tuple[int, ...]) -> str:
    return " + ".join(f"{latex_fraction(x)} \\cdot {n}" for x, n in zip(p, lengths, strict=True))


@register
class PrefixCodes(Generator):
    """Huffman codes and the Kraft inequality: the average length of a Huffman code for
    3–5 dyadic probabilities, or whether 3–4 lengths satisfy Kraft (difficulty 1); the
    code lengths themselves for 4–5 general fractions (2); the average length from raw
    counts of 5–6 symbols, or Kraft for 5–6 lengths summing close to 1 (3)."""

    skill = "information.prefix-codes"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if rng.random() < 0.3 and difficulty != 2:
            return self._kraft(rng, difficulty)
        counts: list[int] | None = None
        if difficulty == 1:
            p = LAMDA_EXAMPLE if rng.random() < 0.25 else dyadic(rng, int(rng.integers(3, 6)))
            ask = "average"
        elif difficulty == 2:
            ask = "lengths"
            while True:
                p = rational(rng, int(rng.integers(4, 6)), [6, 8, 10, 12])
                if len(_all_huffman_lengths(p)) == 1:
                    break
        else:
            ask = "average"
            n = int(rng.integers(12, 31))
            counts = composition(rng, n, int(rng.integers(5, 7)))
            p = [Fraction(c, n) for c in counts]
        return self._huffman(p, ask, counts)

    def _huffman(self, p: list[Fraction], ask: str, counts: list[int] | None) -> Draft:
        k = len(p)
        # one tie-break; when lengths are asked, every tie-break gives these lengths
        steps, lengths = _huffman_steps(p)
        average = _average(p, lengths)
        h = entropy(p)
        names = ", ".join(SYMBOLS[:k])
        if counts is None:
            given_md = f"with probabilities $p = {row_latex(p)}$"
        else:
            total = sum(counts)
            given_md = (
                f"seen ${row_latex([Fraction(c) for c in counts])}$ times in a text of "
                f"{total} symbols (use the frequencies as probabilities)"
            )
        intro = f"A source emits the symbols {names}"
        solution = [
            "Huffman's algorithm: repeatedly merge the two nodes of smallest weight.",
            "\n".join(f"{i + 1}. {s}" for i, s in enumerate(steps)),
            "A symbol's code-word length is the number of merges above it: "
            + ", ".join(f"{SYMBOLS[s]}: {n}" for s, n in enumerate(lengths))
            + ".",
        ]
        if ask == "lengths":
            expected = ", ".join(str(n) for n in lengths)
            mistakes = self._length_mistakes(p, lengths)
            question = (
                "Find the code-word lengths of a Huffman code, in the order "
                f"{names}, separated by commas."
            )
            hints = [
                "Merge the two least probable nodes, again and again, until one node is left.",
                "Each merge above a symbol adds one bit to its code word.",
            ]
        else:
            expected = text_number(average)
            mistakes = self._average_mistakes(p, lengths, average)
            question = "Find the average code-word length (bits per symbol) of a Huffman code."
            hints = [
                "Build the Huffman tree: merge the two least probable nodes until one is left.",
                "The average length is $\\sum_i p_i l_i$, weighted by the probabilities.",
            ]
            solution.append(
                f"Average length $\\sum_i p_i l_i = {_average_latex(p, lengths)} = "
                f"{latex_fraction(average)}$ bits per symbol."
            )
            rational_h = h.rational_in_bits()
            if rational_h is not None:
                solution.append(
                    "All probabilities are powers of 1/2, so the average equals the entropy "
                    f"$H = {latex_fraction(rational_h)}$ bits."
                )
            else:
                solution.append(
                    f"It lies within one bit above the entropy $H = {h.latex('bits')} "
                    f"\\approx {h.value('bits'):.4f}$ bits."
                )
        return Draft(
            prompt=f"{intro} {given_md}. {question}",
            kind="sequence" if ask == "lengths" else "number",
            expected=expected,
            data={"ask": ask, "p": fractions_json(p), "counts": counts},
            hints=hints,
            solution="\n\n".join(solution),
            misconceptions=mistakes,
        )

    @staticmethod
    def _average_mistakes(
        p: list[Fraction], lengths: tuple[int, ...], average: Fraction
    ) -> list[Misconception]:
        k = len(p)
        h = entropy(p)
        found: list[Misconception] = []
        if h.rational_in_bits() is None:
            found.append(
                Misconception(
                    "misconception:entropy-for-length",
                    h.text("bits"),
                    "That is the entropy, a lower bound: code words have whole numbers of "
                    "bits, so the Huffman average is larger unless every probability is a "
                    "power of 1/2. Build the tree and weight its lengths.",
                )
            )
        fixed = math.ceil(math.log2(k))
        found.append(
            Misconception(
                "misconception:fixed-length",
                str(fixed),
                f"That is a fixed-length code ({fixed} bits for each of {k} symbols). "
                "Huffman gives frequent symbols shorter code words.",
            )
        )
        plain_mean = Fraction(sum(lengths), k)
        found.append(
            Misconception(
                "misconception:unweighted-lengths",
                text_number(plain_mean),
                "You averaged the code-word lengths without weights; the average length "
                "weights each length by its symbol's probability.",
            )
        )
        if p == LAMDA_EXAMPLE:
            found.insert(
                0,
                Misconception(
                    "misconception:published-misprint",
                    "5/2",
                    "2.5 bits is a known misprint in a set of lecture notes for this "
                    "example. Compute it: 1/2·1 + 4·(1/8·3) = 2 bits, equal to the entropy.",
                ),
            )
        return found

    @staticmethod
    def _length_mistakes(p: list[Fraction], lengths: tuple[int, ...]) -> list[Misconception]:
        shannon = tuple(math.ceil(-math.log2(x)) for x in p)
        order = sorted(range(len(p)), key=lambda s: p[s])  # least probable first
        flipped = [0] * len(p)
        for s, n in zip(order, sorted(lengths), strict=True):
            flipped[s] = n  # the shortest code words on the least probable symbols
        found = [
            Misconception(
                "misconception:shannon-lengths",
                ", ".join(str(n) for n in shannon),
                "Those are the Shannon lengths ⌈log2(1/p)⌉; Huffman's merges give a shorter "
                "code here. Build the tree.",
            )
            if shannon != lengths
            else None,
            Misconception(
                "misconception:short-codes-for-rare-symbols",
                ", ".join(str(n) for n in flipped),
                "The lengths are assigned the wrong way round: the most probable symbols get "
                "the shortest code words.",
            )
            if tuple(flipped) != lengths and tuple(flipped) != shannon
            else None,
        ]
        return [m for m in found if m is not None]

    def _kraft(self, rng: np.random.Generator, difficulty: int) -> Draft:
        k = int(rng.integers(3, 5)) if difficulty == 1 else int(rng.integers(5, 7))
        top = 3 if difficulty == 1 else 4
        while True:
            lengths = sorted(int(n) for n in rng.integers(1, top + 1, size=k))
            total = sum((Fraction(1, 2**n) for n in lengths), Fraction(0))
            # level 3: sums at or just past 1, where guessing fails
            if difficulty == 1 or abs(total - 1) <= Fraction(1, 8):
                break
        exists = total <= 1
        listed = ", ".join(str(n) for n in lengths)
        question = (
            f"Is there a binary prefix code with {k} code words of lengths {listed}? "
            "Answer true or false."
        )
        terms = " + ".join(f"2^{{-{n}}}" for n in lengths)
        solution = [
            "Kraft's inequality: a binary prefix code with lengths $l_i$ exists exactly "
            "when $\\sum_i 2^{-l_i} \\le 1$.",
            f"$\\sum_i 2^{{-l_i}} = {terms} = {latex_fraction(total)}$, which is "
            + ("at most 1: such a code exists." if exists else "more than 1: no such code."),
        ]
        return Draft(
            prompt=question,
            kind="boolean",
            expected="true" if exists else "false",
            data={"ask": "kraft", "lengths": lengths},
            hints=[
                "Kraft's inequality: $\\sum_i 2^{-l_i} \\le 1$.",
                "A code word of length ℓ uses up the fraction $2^{-l}$ of all binary strings.",
            ],
            solution="\n\n".join(solution),
        )
