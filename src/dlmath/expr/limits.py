"""The limits of the input language (DESIGN.md section 2).

Each is enforced before any work that could blow up, so hostile input gets a clear
error instead of a hang.
"""

MAX_CHARS = 1000
MAX_NODES = 300
MAX_DEPTH = 50
MAX_INTEGER_DIGITS = 30
MAX_EXPONENT = 100
#: Exact values beyond this many bits are evaluated in floating point instead.
MAX_EXACT_BITS = 4096
#: ``n!`` and ``binom(n, k)`` are read for whole numbers up to these.
MAX_FACTORIAL = 100
MAX_BINOMIAL = 1000
