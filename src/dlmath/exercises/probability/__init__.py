"""Probability and statistics generators, one module per skill: one random variable,
then several. The registry imports every module here; shared pieces live in small
modules named for what they hold (tables, joints, drafting, counting, ...)."""
