"""Calculus generators, one module per skill (the registry imports them all): derivatives
(``scalar``), partial derivatives, gradients, Jacobians and Hessians (``multivariable``),
matrix calculus and back-propagation (``matrix_calculus``, ``backprop``), Taylor
polynomials, limits, integrals and double integrals. ``terms`` is the small formula tree
they build on, written out by ``term_text`` and differentiated by ``term_calculus``."""
