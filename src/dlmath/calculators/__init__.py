"""Calculators for a learner's own numbers: information gain and ID3 trees, Huffman and
Shannon–Fano codes, Gaussian entropy and KL. The math is here; ``cli/info_cmd.py`` is the
command line over it. Inputs typed as math are read by ``dlmath.expr`` only."""

from dlmath.calculators.refusal import CalculatorError

__all__ = ["CalculatorError"]
