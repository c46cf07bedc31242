"""Convex-optimization generators, one module per skill (the registry finds them).

Convexity: ``convex_sets``, ``convex_functions``, ``first_order_condition``,
``second_order_condition``, ``jensen``, ``sublevel_sets``. Problems:
``unconstrained_optima``, ``convex_problems``, ``problem_classes``. Duality:
``lagrange_multipliers``, ``lagrangian``, ``duality``, ``complementary_slackness``, ``kkt``,
``linear_svm``, ``svm_dual``. What several of them share: ``convex_terms`` (function trees
and the catalogue ``convexity.toml``), ``convex_set_shapes``, ``exp_log_values``,
``polynomials``, ``monomials``, ``written_values``, ``small_qps`` and ``svm_data``; numbers,
exact matrices and square roots come from ``exercises.kit``.
"""
