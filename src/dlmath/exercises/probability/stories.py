"""The words around the numbers (two-way tables, screening stories), kept in
``stories.toml``."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    pass


@functools.cache
def story_words() -> dict[str, Any]:
    package = resources.files("dlmath.exercises.probability")
    return tomllib.loads(package.joinpath("stories.toml").read_text(encoding="utf-8"))
