"""The web app: FastAPI pages and JSON routes over the same store as the command line.

This package imports FastAPI, Starlette and Jinja2; only ``dlmath serve`` and the tests
import it, so ``import dlmath`` and ``dlmath --help`` stay light.
"""

from dlmath.web.app import create_app

__all__ = ["create_app"]
