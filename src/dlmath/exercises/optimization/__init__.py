"""Convex-optimization generators, one module per skill.

Convexity: ``convex_sets``, ``convex_functions``, ``first_order_condition``,
``second_order_condition``, ``jensen``, ``sublevel_sets``. Problems:
``unconstrained_optima``, ``convex_problems``, ``problem_classes``. Duality:
``lagrange_multipliers``, ``lagrangian``, ``duality``, ``complementary_slackness``, ``kkt``,
``linear_svm``, ``svm_dual``. What several of them share: ``convex_terms`` (function trees
and the catalogue ``convexity.toml``), ``convex_set_shapes``, ``exp_log_values``,
``polynomials``, ``monomials``, ``written_values``, ``small_qps`` and ``svm_data``.
"""

from dlmath.exercises.optimization import (  # noqa: F401  (registers generators)
    complementary_slackness,
    convex_functions,
    convex_problems,
    convex_sets,
    duality,
    first_order_condition,
    jensen,
    kkt,
    lagrange_multipliers,
    lagrangian,
    linear_svm,
    problem_classes,
    second_order_condition,
    sublevel_sets,
    svm_dual,
    unconstrained_optima,
)
