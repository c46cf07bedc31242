"""Linear-algebra generators, one module per skill.

Products and their rules: ``matmul``, ``determinant``, ``inverse``, ``trace``, ``vectors``,
``shapes``, ``transpose_rules``. Structure: ``rank``, ``linear_systems``, ``eigen``,
``definiteness``, ``projection``, ``least_squares``, ``svd``. What several of them share:
``matrices`` (drawing integer, unimodular and exact matrices; exact arithmetic and row
reduction) and ``writing`` (LaTeX, text and JSON of values, shared pieces of worked
solutions, the list of anticipated wrong answers).
"""

from dlmath.exercises.linalg import (  # noqa: F401  (registers generators)
    condition_number,
    definiteness,
    determinant,
    eigen,
    eigen_optimization,
    inverse,
    kronecker_vec,
    least_squares,
    linear_maps,
    linear_systems,
    matmul,
    matrix_norms,
    orthogonality,
    pca,
    product_shapes,
    projection,
    range_nullspace,
    rank,
    special_matrices,
    spectral_theorem,
    svd,
    trace,
    transpose_rules,
    vector_spaces,
    vectors,
)
