"""Linear-algebra generators, one module per skill (the registry imports them all).

Products and their rules: ``matmul``, ``determinant``, ``inverse``, ``trace``, ``vectors``,
``product_shapes``, ``transpose_rules``. Structure: ``rank``, ``linear_systems``,
``eigen``, ``definiteness``, ``projection``, ``least_squares``, ``svd``. What they share
is in ``dlmath.exercises.kit``.
"""
