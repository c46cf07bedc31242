"""information.joint-conditional-entropy: H(X, Y), H(Y | X) and H(X | Y) of a joint table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlmath.exercises.base import Draft, Generator
from dlmath.exercises.information.entropy_steps import (
    result_line,
)
from dlmath.exercises.information.joint_entropies import (
    JOINT_INTRO,
    JointEntropies,
    draw_joint_table,
)
from dlmath.exercises.information.mistakes import candidate, unit_mistake
from dlmath.exercises.kit import pick
from dlmath.exercises.kit.logs import (
    BITS,
)
from dlmath.exercises.registry import register

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@register
class JointConditionalEntropy(Generator):
    """H(X, Y) or H(Y | X) of a 2×2 table (difficulty 1); H(Y | X) or H(X | Y) of a 2×3
    or 3×2 table (2), or of a 3×3 table with empty cells, in bits or nats (3)."""

    skill = "information.joint-conditional-entropy"
    version = 1

    ASKS = {1: ["H(X, Y)", "H(Y | X)"], 2: ["H(Y | X)", "H(X | Y)"], 3: ["H(Y | X)", "H(X | Y)"]}

    def generate(self, rng: np.random.Generator, difficulty: int) -> Draft:
        joint = JointEntropies(draw_joint_table(rng, difficulty))
        ask = pick(rng, self.ASKS[difficulty])
        unit = BITS
        if ask == "H(X, Y)":
            answer = joint.hxy
            mistakes = [
                candidate(
                    "misconception:sum-of-marginals",
                    joint.hx + joint.hy,
                    unit,
                    "H(X) + H(Y) equals H(X, Y) only when X and Y are independent; use the "
                    "joint probabilities of all cells.",
                ),
            ]
        else:
            given, other = ("X", "Y") if ask == "H(Y | X)" else ("Y", "X")
            answer = joint.hy_x if ask == "H(Y | X)" else joint.hx_y
            reversed_ = joint.hx_y if ask == "H(Y | X)" else joint.hy_x
            marginal = joint.hy if ask == "H(Y | X)" else joint.hx
            mistakes = [
                candidate(
                    "misconception:joint-for-conditional",
                    joint.hxy,
                    unit,
                    f"That is H(X, Y). The conditional entropy subtracts what {given} "
                    f"already tells: H({other} | {given}) = H(X, Y) − H({given}).",
                ),
                candidate(
                    "misconception:reversed-conditional",
                    reversed_,
                    unit,
                    f"That is H({given} | {other}), conditioned the other way round: "
                    f"subtract H({given}), not H({other}), from H(X, Y).",
                ),
                candidate(
                    "misconception:marginal-for-conditional",
                    marginal,
                    unit,
                    f"That is H({other}) alone: knowing {given} changes the distribution of "
                    f"{other}; average the entropies of the rows/columns given {given}.",
                ),
            ]
        mistakes.insert(0, unit_mistake(answer, unit))
        shown_md = joint.shown()
        name = ask.replace("|", r"\mid")
        question = f"Find ${name}$ in bits."
        hints = [
            "Compute the marginals by summing rows (for X) and columns (for Y).",
            "Chain rule: $H(X, Y) = H(X) + H(Y \\mid X) = H(Y) + H(X \\mid Y)$.",
        ]
        if difficulty == 3:
            hints.append("Cells with probability 0 contribute 0 to every entropy.")
        solution = [*joint.marginal_lines(unit), joint.joint_line(unit)]
        if ask != "H(X, Y)":
            given = "X" if ask == "H(Y | X)" else "Y"
            solution.append(
                f"By the chain rule ${name} = H(X, Y) - H({given})$, so "
                + result_line(name, answer, unit)
            )
        return Draft(
            prompt=f"{JOINT_INTRO}\n\n{shown_md}\n\n{question}",
            kind="number",
            expected=answer.text(unit),
            data={"P": joint.json(), "ask": ask, "unit": unit},
            hints=hints,
            solution="\n\n".join(solution),
            misconceptions=mistakes,
        )
