"""Practice sessions, independent of the terminal (the CLI and the web app drive them)."""

from dlmath.session.practice import Outcome, PracticeSession, Summary, Tries, practicable

__all__ = ["Outcome", "PracticeSession", "Summary", "Tries", "practicable"]
