"""Typst source to PDF, in-process, with the fonts bundled in the compiler only.

Ignoring system fonts keeps the output identical on every machine; the document sets
no date, so the same source always gives the same bytes.
"""

from __future__ import annotations


class TypstError(RuntimeError):
    """The Typst compiler rejected a document (a bug in dlmath, not bad input)."""


def compile_pdf(source: str) -> bytes:
    import typst

    try:
        return typst.compile(source.encode("utf-8"), format="pdf", ignore_system_fonts=True)
    except Exception as error:  # typst raises its own error types; name them once here
        raise TypstError(f"Typst could not compile the worksheet: {error}") from error
