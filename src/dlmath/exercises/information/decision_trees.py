"""information.decision-trees: which feature the root of an information-gain tree
splits on, read from a small table of days."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator, Misconception
from dlmath.exercises.information.splits import Split, gain_mistakes
from dlmath.exercises.kit import pick
from dlmath.exercises.kit.logs import (
    BITS,
    LogSum,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


#: Candidate features and their values; the label is always "play" (yes / no).
FEATURES = {
    "windy": ("yes", "no"),
    "humid": ("high", "normal"),
    "weekend": ("yes", "no"),
    "cold": ("yes", "no"),
    "outlook": ("sunny", "overcast", "rain"),
}
LABEL = "play"
LABELS = ("yes", "no")


def _split_by(rows: list[list[str]], column: int, values: Sequence[str]) -> Split | None:
    table = [
        [sum(1 for r in rows if r[column] == v and r[-1] == label) for label in LABELS]
        for v in values
    ]
    table = [c for c in table if sum(c)]
    if len(table) < 2:
        return None
    return Split(table)


def _present(rows: list[list[str]], column: int, values: Sequence[str]) -> list[str]:
    return [v for v in values if any(r[column] == v for r in rows)]


def _gains(rows: list[list[str]], features: list[str]) -> dict[str, LogSum]:
    gains = {}
    for col, name in enumerate(features):
        split = _split_by(rows, col, FEATURES[name])
        gains[name] = split.gain if split is not None else LogSum()
    return gains


def _rows_markdown(features: list[str], rows: list[list[str]]) -> str:
    """The data as a Markdown table, its columns padded so that it reads as a table in a
    terminal too."""
    cells = [["#", *features, LABEL], *[[str(i + 1), *r] for i, r in enumerate(rows)]]
    widths = [max(len(row[j]) for row in cells) for j in range(len(cells[0]))]

    def line(row: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def _pattern_line(rows: list[list[str]], a: str, b: str) -> str:
    """Which logical pattern the label follows in ``a`` and ``b``, read off the data."""
    first_a, first_b = FEATURES[a][0], FEATURES[b][0]
    yes = sorted({(r[0], r[1]) for r in rows if r[-1] == "yes"})
    exactly_one = all((va == first_a) != (vb == first_b) for va, vb in yes)
    cases = " or ".join(f"({a} = {va}, {b} = {vb})" for va, vb in yes)
    name = "XOR" if exactly_one else "XNOR"
    return (
        f"Together, {a} and {b} determine {LABEL} exactly: {LABEL} is yes when {cases}, "
        f"the {name} of “{a} = {first_a}” and “{b} = {first_b}”. Yet each alone has gain 0: "
        "a greedy split cannot see that."
    )


@register
class DecisionTrees(Generator):
    """Which feature the root split of an information-gain tree uses (from a small data
    table), or the gain of one feature: two binary features and 8 days (difficulty 1);
    three features and 10–12 days, a third of them asking for the gain itself (2); a
    three-valued feature among three and 12–14 days, or the XOR trap, where two features
    decide the label together but neither has gain alone (3)."""

    skill = "information.decision-trees"
    # 2: the trap's label is the XOR or the XNOR of its two features, and the solution
    # says which (it said XOR when the data showed XNOR).
    version = 2

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        xor = difficulty == 3 and rng.random() < 0.35
        if xor:
            features, rows = self._xor_rows(rng)
        else:
            features, rows = self._random_rows(rng, difficulty)
        gains = _gains(rows, features)
        ask_gain = difficulty == 2 and rng.random() < 0.35
        shown_md = _rows_markdown(features, rows)
        intro = f"A training set of {len(rows)} days, with the label {LABEL} (yes / no):"
        best = max(features, key=lambda f: gains[f].value(BITS))
        solution = []
        for col, name in enumerate(features):
            split = _split_by(rows, col, FEATURES[name])
            if split is None:
                solution.append(f"**{name}** takes one value only: gain 0.")
                continue
            branches = "; ".join(
                f"{name} = {v}: {c[0]} yes, {c[1]} no"
                for v, c in zip(_present(rows, col, FEATURES[name]), split.children, strict=True)
            )
            solution.append(
                f"**{name}** ({branches}): gain ${split.gain.latex(BITS)}"
                f"{split.gain.approx_latex(BITS)}$ bits."
            )
        hints = [
            "For each feature, count the yes/no labels for each of its values.",
            "Gain $= H(T) - \\sum_v \\frac{|T_v|}{|T|} H(T_v)$; the parent entropy is the "
            "same for every feature, so you may compare the weighted child entropies.",
        ]
        data = {"features": features, "label": LABEL, "rows": rows}
        if ask_gain:
            splittable = [f for col, f in enumerate(features) if _split_by(rows, col, FEATURES[f])]
            name = pick(rng, splittable)
            split = _split_by(rows, features.index(name), FEATURES[name])
            assert split is not None  # the feature takes at least two values
            question = f"Find the information gain, in bits, of splitting on {name}."
            return Draft(
                prompt=f"{intro}\n\n{shown_md}\n\n{question}",
                kind="number",
                expected=split.gain.text(BITS),
                data={**data, "ask": "gain", "feature": name},
                hints=hints[:1] + ["Gain $= H(T) - \\sum_v \\frac{|T_v|}{|T|} H(T_v)$."],
                solution="\n\n".join(split.solution_lines(["yes", "no"])),
                misconceptions=gain_mistakes(split),
            )
        question = (
            "Which feature does a decision tree that splits by information gain use at the "
            f"root? Answer one of: {', '.join(features)}."
        )
        solution.append(f"The largest gain is that of **{best}**.")
        if xor:
            hints.append(
                "Look at each feature alone: a feature whose values all have half yes, half "
                "no has gain 0, whatever it does together with another feature."
            )
            solution.append(_pattern_line(rows, features[0], features[1]))
        return Draft(
            prompt=f"{intro}\n\n{shown_md}\n\n{question}",
            kind="choice",
            expected=best,
            data={**data, "ask": "best"},
            hints=hints,
            solution="\n\n".join(solution),
            misconceptions=self._choice_mistakes(rows, features, best, xor),
            choices=list(features),
        )

    @staticmethod
    def _random_rows(
        rng: np.random.Generator, difficulty: int
    ) -> tuple[list[str], list[list[str]]]:
        binary = [f for f in FEATURES if len(FEATURES[f]) == 2]
        while True:
            if difficulty == 1:
                features = [binary[int(i)] for i in rng.choice(len(binary), 2, replace=False)]
                n = 8
            elif difficulty == 2:
                features = [binary[int(i)] for i in rng.choice(len(binary), 3, replace=False)]
                n = int(rng.integers(10, 13))
            else:
                features = [binary[int(i)] for i in rng.choice(len(binary), 2, replace=False)]
                features.insert(int(rng.integers(3)), "outlook")
                n = int(rng.integers(12, 15))
            rows = [
                [*(pick(rng, FEATURES[f]) for f in features), pick(rng, LABELS)] for _ in range(n)
            ]
            gains = sorted((g.value(BITS) for g in _gains(rows, features).values()), reverse=True)
            if gains[0] - gains[1] >= 0.03 and len({r[-1] for r in rows}) == 2:
                return features, rows

    @staticmethod
    def _xor_rows(rng: np.random.Generator) -> tuple[list[str], list[list[str]]]:
        """label = a XOR b (or XNOR) with every (a, b) pair equally often, so neither alone
        has gain;
        a third feature agrees with the label more often than not."""
        binary = [f for f in FEATURES if len(FEATURES[f]) == 2]
        a, b, c = (binary[int(i)] for i in rng.choice(len(binary), 3, replace=False))
        repeat = int(rng.integers(2, 4))
        # label "yes" when exactly one feature takes its first value (XOR), or when both or
        # neither do (XNOR)
        xnor = int(rng.random() < 0.5)
        while True:
            rows = []
            for va in range(2):
                for vb in range(2):
                    for _ in range(repeat):
                        label = LABELS[1 - (va ^ vb ^ xnor)]
                        agree = rng.random() < 0.75
                        vc = FEATURES[c][LABELS.index(label) if agree else 1 - LABELS.index(label)]
                        rows.append([FEATURES[a][va], FEATURES[b][vb], vc, label])
            order = [int(i) for i in rng.permutation(len(rows))]
            rows = [rows[i] for i in order]
            if _gains(rows, [a, b, c])[c].value(BITS) >= 0.03:
                return [a, b, c], rows

    @staticmethod
    def _choice_mistakes(
        rows: list[list[str]], features: list[str], best: str, xor: bool
    ) -> list[Misconception]:
        found: list[Misconception] = []
        if xor:
            found += [
                Misconception(
                    "misconception:xor-lookahead",
                    f,
                    f"{features[0]} and {features[1]} together decide the label, but each alone "
                    "leaves half yes, half no in every branch: its gain is 0. A greedy split "
                    "judges one feature at a time.",
                )
                for f in features[:2]
            ]
        splits = {name: _split_by(rows, col, FEATURES[name]) for col, name in enumerate(features)}
        unweighted = max(
            features,
            key=lambda f: splits[f].unweighted_gain.value(BITS) if splits[f] else -1.0,
        )
        found.append(
            Misconception(
                "misconception:unweighted-children",
                unweighted,
                "That feature wins only if the children's entropies are averaged without "
                "weights; weight each branch by its share of the examples.",
            )
        )
        pure = [
            f
            for f in features
            if splits[f] is not None and any(h.is_zero() for h in splits[f].h_children)
        ]
        found += [
            Misconception(
                "misconception:purest-branch",
                f,
                "One pure branch is not enough: the gain weighs every branch by its size, "
                "and the other branch of this feature stays mixed.",
            )
            for f in pure
        ]
        return found  # the registry drops the right answer and a feature named twice
