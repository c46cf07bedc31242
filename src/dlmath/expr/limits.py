"""The limits of the input language (DESIGN.md section 2).

Each is enforced before any work that could blow up, so hostile input gets a clear
error instead of a hang.
"""

MAX_CHARS = 1000
MAX_NODES = 300
MAX_DEPTH = 50
MAX_INTEGER_DIGITS = 30
MAX_EXPONENT = 100
#: Exact values beyond this many bits (about 1,230 digits) are evaluated in floating
#: point instead.
MAX_EXACT_BITS = 4096
#: No value (or intermediate value) may have more entries than this: shape inference
#: refuses such an expression before anything is evaluated (a 50×50 matrix fits).
MAX_ENTRIES = 2_500
#: Exact arithmetic (Python fractions) only on values up to this many entries (8×8);
#: larger ones are evaluated in floating point.
MAX_EXACT_ENTRIES = 64
#: Exact multiply-adds in one evaluation (those on fractions count 20 times): past it,
#: floating point. An 8×8 integer matrix to the power 100 stays exact; one of fractions
#: does not.
MAX_EXACT_WORK = 10_000
FRACTION_WORK = 20
#: ``n!`` and ``binom(n, k)`` are read for whole numbers up to these.
MAX_FACTORIAL = 100
MAX_BINOMIAL = 1000
