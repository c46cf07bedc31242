"""Every Matrix Cookbook citation in the identity reference points at the right number.

The identity reference cites equation numbers and sections of The Matrix Cookbook (version of
November 15, 2012). A wrong number sends a learner to an unrelated formula, and nothing in the
numerical checks of the identities would notice. ``cookbook_numbering.toml`` records, for each
cited number, the section it is printed in and a short description of the printed formula, or
says that the number has not been read in the 2012 text yet; an unread number is reported as a
strict expected failure, so it is visible in every run and cannot pass silently.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
IDENTITIES = ROOT / "src" / "dlmath" / "reference" / "identities.toml"
NUMBERING = Path(__file__).resolve().parent / "cookbook_numbering.toml"

COOKBOOK = "Matrix Cookbook (2012)"
# "eq. 14", "eqs. 20 and 21", "eq. 541 with eq. 14"
EQUATION = re.compile(r"\beqs?\. (\d+)(?: and (\d+))?")
SECTION = re.compile(r"\bsec\. ([A-Z0-9][A-Z0-9.]*[0-9])")


def _load(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _citations() -> tuple[dict[int, list[str]], dict[str, list[str]]]:
    """Cited equation numbers and sections, each with the ids of the identities citing it."""
    equations: dict[int, list[str]] = {}
    sections: dict[str, list[str]] = {}
    for identity in _load(IDENTITIES)["identity"]:
        source = identity.get("source", "")
        if COOKBOOK not in source:
            continue
        # Only the part from the Cookbook mention on cites the Cookbook.
        cited = source[source.index(COOKBOOK) :]
        for match in EQUATION.finditer(cited):
            for number in match.groups():
                if number is not None:
                    equations.setdefault(int(number), []).append(identity["id"])
        for match in SECTION.finditer(cited):
            sections.setdefault(match.group(1), []).append(identity["id"])
    return equations, sections


CITED_EQUATIONS, CITED_SECTIONS = _citations()
TABLE = _load(NUMBERING)
EQUATIONS = {int(number): entry for number, entry in TABLE["equation"].items()}
SECTIONS = TABLE["section"]


def _section_key(section: str) -> tuple[int, ...]:
    """Order sections as the Cookbook does: 1 ... 11, then the appendices A, B, ..."""
    head, *rest = section.split(".")
    first = int(head) if head.isdigit() else 100 + ord(head) - ord("A")
    return (first, *(int(part) for part in rest))


def _check(entry: dict, what: str) -> None:
    if entry["status"] == "unverified":
        pytest.xfail(f"{what} not verified in the 2012 text: {entry['reason']}")
    assert entry["status"] == "verified", f"{what}: unknown status {entry['status']!r}"


def _strict(entry: dict) -> list[pytest.MarkDecorator]:
    if entry.get("status") == "unverified":
        return [pytest.mark.xfail(strict=True, reason=entry["reason"])]
    return []


def test_the_citations_are_found() -> None:
    # The parser must see the citations; an empty parse would make every other test vacuous.
    assert len(CITED_EQUATIONS) > 100
    assert {27, 61, 156, 357} <= CITED_EQUATIONS.keys()
    assert "8.1.6" in CITED_SECTIONS


def test_every_cited_equation_is_in_the_table() -> None:
    missing = sorted(CITED_EQUATIONS.keys() - EQUATIONS.keys())
    assert not missing, f"cited Cookbook equations missing from {NUMBERING.name}: {missing}"


def test_every_cited_section_is_in_the_table() -> None:
    missing = sorted(CITED_SECTIONS.keys() - SECTIONS.keys(), key=_section_key)
    assert not missing, f"cited Cookbook sections missing from {NUMBERING.name}: {missing}"


def test_the_table_lists_only_cited_numbers() -> None:
    # A stale entry would let a removed or renumbered citation go unnoticed.
    assert sorted(EQUATIONS.keys() - CITED_EQUATIONS.keys()) == []
    assert sorted(SECTIONS.keys() - CITED_SECTIONS.keys()) == []


def test_the_table_entries_are_complete() -> None:
    for number, entry in EQUATIONS.items():
        assert entry["status"] in {"verified", "unverified"}, number
        if entry["status"] == "verified":
            assert entry["section"] and entry["printed"], number
        else:
            assert entry["reason"], number
    for section, entry in SECTIONS.items():
        assert entry["status"] in {"verified", "unverified"}, section
        assert entry.get("reason") or entry.get("printed"), section


def test_verified_numbers_increase_with_the_section() -> None:
    # The Cookbook numbers its equations consecutively through the document, so a later
    # section never holds a smaller number: a recorded section that breaks the order is wrong.
    verified = sorted(
        (number, entry["section"])
        for number, entry in EQUATIONS.items()
        if entry["status"] == "verified"
    )
    keys = [_section_key(section) for _, section in verified]
    assert keys == sorted(keys), verified


@pytest.mark.parametrize(
    "number",
    [pytest.param(n, marks=_strict(EQUATIONS.get(n, {}))) for n in sorted(CITED_EQUATIONS)],
)
def test_cited_equation_number_is_verified(number: int) -> None:
    entry = EQUATIONS[number]
    _check(entry, f"eq. {number} (cited by {', '.join(CITED_EQUATIONS[number])})")


@pytest.mark.parametrize(
    "section",
    [
        pytest.param(s, marks=_strict(SECTIONS.get(s, {})))
        for s in sorted(CITED_SECTIONS, key=_section_key)
    ],
)
def test_cited_section_is_verified(section: str) -> None:
    _check(SECTIONS[section], f"sec. {section} (cited by {', '.join(CITED_SECTIONS[section])})")


def _identity(identity_id: str) -> dict:
    return next(i for i in _load(IDENTITIES)["identity"] if i["id"] == identity_id)


def test_unnumbered_citations_name_no_equation() -> None:
    # Identities printed without a number are cited by section and "(unnumbered)", never by a
    # neighbouring equation's number (completing the square once cited eqs. 358/359, which
    # belong to the next subsection).
    for identity_id in ("completing-the-square", "completing-the-square-trace"):
        source = _identity(identity_id)["source"]
        assert "(unnumbered)" in source, identity_id
        assert not EQUATION.search(source), identity_id


def test_eq_27_erratum_is_recorded_and_right() -> None:
    # The 2012 text prints eq. 27 (det(I + A) for 4x4 A) with "1/2 + Tr(A)^2" where the
    # expansion needs "1/2 Tr(A)^2". The reference keeps the published form in rhs and must
    # record the corrected form as an erratum.
    (identity_id,) = CITED_EQUATIONS[27]
    identity = _identity(identity_id)
    assert "1/2 + tr(A)^2" in identity["rhs"]
    erratum = identity["erratum"]
    assert "1/2 tr(A)^2" in erratum and "1/2 + tr(A)^2" not in erratum
    assert identity["note"]
    # Independent check of both forms with NumPy, the printed one must fail.
    rng = np.random.default_rng(27)
    for _ in range(20):
        a = rng.normal(size=(4, 4))
        t1, t2, t3 = np.trace(a), np.trace(a @ a), np.trace(a @ a @ a)
        exact = np.linalg.det(np.eye(4) + a)
        common = 1 + np.linalg.det(a) + t1 - t2 / 2 + t1**3 / 6 - t1 * t2 / 2 + t3 / 3
        assert common + t1**2 / 2 == pytest.approx(exact, rel=1e-9, abs=1e-9)
        assert common + 0.5 + t1**2 != pytest.approx(exact, rel=1e-6, abs=1e-6)
