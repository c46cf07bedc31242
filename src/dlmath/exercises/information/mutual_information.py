"""information.mutual-information: I(X; Y) of a joint table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.information.entropy_steps import (
    UNIT_WORD,
    result_line,
)
from dlmath.exercises.information.joint_entropies import (
    JOINT_INTRO,
    JointEntropies,
    draw_joint_table,
)
from dlmath.exercises.information.mistakes import candidate, unit_mistake
from dlmath.exercises.information.random_tables import (
    as_probabilities,
    independent_counts,
)
from dlmath.exercises.kit import pick
from dlmath.exercises.kit.logs import (
    BITS,
    NATS,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@register
class MutualInformation(Generator):
    """I(X; Y) of a joint table: 2×2 in bits (difficulty 1), 2×3 in bits (2), 3×3 with
    empty cells, in bits or nats (3). A quarter of the tables at levels 1 and 2 are
    products of their marginals (I = 0), to be spotted before computing."""

    skill = "information.mutual-information"
    # 2: an independent table only when asked for; a drawn table that happens to be
    # independent is drawn again (a 2×2 table of 4 counts always was: I = 0 in 72%).
    version = 2

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        if difficulty < 3 and rng.random() < 0.25:
            rows, cols = (2, 2) if difficulty == 1 else (2, 3)
            counts = independent_counts(rng, rows, cols, pick(rng, [3, 4]), pick(rng, [3, 4, 5]))
            joint = JointEntropies(as_probabilities(counts))
        else:
            joint = JointEntropies(draw_joint_table(rng, difficulty))
            while joint.mi.is_zero():
                joint = JointEntropies(draw_joint_table(rng, difficulty))
        unit = BITS if difficulty < 3 else pick(rng, [BITS, NATS])
        mi = joint.mi
        mistakes = [
            unit_mistake(mi, unit),
            candidate(
                "misconception:joint-entropy-for-mi",
                joint.hxy,
                unit,
                "That is the joint entropy H(X, Y). Mutual information is what X and Y share: "
                "I(X; Y) = H(X) + H(Y) − H(X, Y).",
            ),
            candidate(
                "misconception:sum-of-entropies",
                joint.hx + joint.hy,
                unit,
                "H(X) + H(Y) counts the shared information twice; subtract H(X, Y).",
            ),
            candidate(
                "misconception:conditional-for-mi",
                joint.hy_x,
                unit,
                "That is H(Y | X), what is left of Y once X is known. I(X; Y) = H(Y) − H(Y | X).",
            ),
        ]
        shown_md = joint.shown()
        question = f"Find the mutual information $I(X; Y)$ in {UNIT_WORD[unit]}."
        solution = [
            *joint.marginal_lines(unit),
            joint.joint_line(unit),
            "$I(X; Y) = H(X) + H(Y) - H(X, Y)$, so " + result_line("I(X; Y)", mi, unit),
        ]
        if mi.is_zero():
            solution.append(
                "Every cell is the product of its marginals, so X and Y are independent "
                "and share no information."
            )
        return Draft(
            prompt=f"{JOINT_INTRO}\n\n{shown_md}\n\n{question}",
            kind="number",
            expected=mi.text(unit),
            data={"P": joint.json(), "unit": unit},
            hints=[
                "$I(X; Y) = H(X) + H(Y) - H(X, Y)$.",
                "Check first whether each cell equals the product of its row and column "
                "sums: then X and Y are independent.",
            ],
            solution="\n\n".join(solution),
            misconceptions=mistakes,
        )
