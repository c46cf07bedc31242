"""Linear-algebra generators: products and shapes, then structure (rank, eigen, SVD, ...)."""

from dlmath.exercises.linalg import products, structure  # noqa: F401  (registers generators)
