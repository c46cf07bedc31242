"""information.information-gain: the gain of a given split. The LAMDA notes' worked
example (30 male and 60 female students split by height into (27, 6) and (3, 54)) is one
of the instances."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.information.splits import Split, gain_mistakes
from dlmath.exercises.kit import pick
from dlmath.exercises.kit.logs import (
    BITS,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


#: The worked example of the LAMDA notes (section 6.2): classes (male, female).
LAMDA_SPLIT = [[27, 6], [3, 54]]


def _random_split(rng: np.random.Generator, children: int, classes: int, lo: int, hi: int):
    while True:
        table = [[int(v) for v in rng.integers(0, hi + 1, size=classes)] for _ in range(children)]
        if all(sum(c) >= lo for c in table) and all(sum(col) for col in zip(*table, strict=True)):
            split = Split(table)
            if split.gain.value(BITS) >= 0.03:  # a split worth making
                return split


@register
class InformationGain(Generator):
    """The gain of a given split: two classes and two children of 2–6 examples each
    (difficulty 1); the same with 5–20 examples, or the height split of the course notes
    (2); three children or three classes (3)."""

    skill = "information.information-gain"
    version = 1

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty == 1:
            split = _random_split(rng, 2, 2, 2, 6)
            classes = ["positive", "negative"]
        elif difficulty == 2 and rng.random() < 0.25:
            split = Split(LAMDA_SPLIT)
            classes = ["male", "female"]
        elif difficulty == 2:
            split = _random_split(rng, 2, 2, 5, 20)
            classes = ["positive", "negative"]
        else:
            shape = pick(rng, [(3, 2), (2, 3), (3, 3)])
            split = _random_split(rng, shape[0], shape[1], 4, 12)
            classes = ["red", "green", "blue"][: shape[1]]
        lamda = split.children == LAMDA_SPLIT
        if lamda:
            intro = (
                "A class of 30 male and 60 female students is split by height: the tall "
                "group has 27 male and 6 female students, the others 3 male and 54 female."
            )
        else:
            parts = "; ".join(
                f"child {i + 1}: "
                + ", ".join(f"{k} {name}" for k, name in zip(c, classes, strict=True))
                for i, c in enumerate(split.children)
            )
            intro = (
                f"A node of a decision tree holds {split.n} examples of the classes "
                f"{', '.join(classes)}. A split sends them to {len(split.children)} children "
                f"({parts})."
            )
        question = "Find the information gain of the split in bits."
        return Draft(
            prompt=f"{intro} {question}",
            kind="number",
            expected=split.gain.text(BITS),
            data={"classes": classes, "children": split.children},
            hints=[
                "Gain $= H(T) - \\sum_i \\frac{|T_i|}{|T|} H(T_i)$, entropies of the class "
                "counts in bits.",
                "Weight each child's entropy by its share of the examples.",
            ],
            solution="\n\n".join(split.solution_lines(classes)),
            misconceptions=gain_mistakes(split),
        )
