"""Convex problems, unconstrained optima and the special classes LP, QP, QCQP, SDP (being
written)."""
