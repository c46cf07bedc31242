"""The skill map: a checked DAG over five areas, readings for every skill, the CLI."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
import tomllib
from importlib import resources

import pytest
from typer.testing import CliRunner

import dlmath
from dlmath import curriculum
from dlmath.cli.app import app
from dlmath.curriculum import CurriculumError, parse_map

AREAS = {"probability", "linalg", "calculus", "information", "optimization"}


@pytest.fixture(scope="module")
def raw() -> dict:
    """The data file read directly, independently of the loader."""
    text = resources.files("dlmath.curriculum").joinpath("skills.toml").read_text("utf-8")
    return tomllib.loads(text)


def _graph(raw: dict) -> dict[str, list[str]]:
    return {s["id"]: s.get("prerequisites", []) for s in raw["skills"]}


# -- the data -------------------------------------------------------------------------


def test_counts_and_areas(raw):
    ids = [s["id"] for s in raw["skills"]]
    assert len(ids) >= 70
    assert len(set(ids)) == len(ids)
    per_area = {a: sum(i.split(".")[0] == a for i in ids) for a in AREAS}
    assert all(n >= 10 for n in per_area.values()), per_area
    assert {s.area for s in dlmath.skills()} == AREAS
    assert len(dlmath.skills()) == len(ids)


def test_ids_are_area_dot_skill(raw):
    for s in raw["skills"]:
        assert re.fullmatch(r"[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*", s["id"]), s["id"]
        assert s["id"].split(".")[0] in AREAS


def test_every_prerequisite_exists(raw):
    graph = _graph(raw)
    missing = [(s, p) for s, ps in graph.items() for p in ps if p not in graph]
    assert missing == []


def test_prerequisites_form_a_dag(raw):
    # Kahn's algorithm, written here so the loader's own DFS is not its own judge.
    graph = _graph(raw)
    indegree = {s: len(ps) for s, ps in graph.items()}
    dependents: dict[str, list[str]] = {s: [] for s in graph}
    for s, ps in graph.items():
        for p in ps:
            dependents[p].append(s)
    ready = [s for s, n in indegree.items() if n == 0]
    removed = 0
    while ready:
        current = ready.pop()
        removed += 1
        for d in dependents[current]:
            indegree[d] -= 1
            if indegree[d] == 0:
                ready.append(d)
    assert removed == len(graph), sorted(s for s, n in indegree.items() if n)


def test_topological_order_puts_prerequisites_first():
    order = [s.id for s in curriculum.topological_order()]
    position = {s: i for i, s in enumerate(order)}
    assert set(order) == {s.id for s in dlmath.skills()}
    for s in dlmath.skills():
        for p in s.prerequisites:
            assert position[p] < position[s.id], (p, s.id)
    linalg = [s.id for s in curriculum.topological_order("linalg")]
    assert linalg.index("linalg.vectors") < linalg.index("linalg.matmul")


def test_every_skill_has_a_reading_of_a_defined_source(raw):
    sources = raw["sources"]
    for source in sources.values():
        assert source["title"] and source["authors"]
    for s in raw["skills"]:
        assert s["readings"], s["id"]
        for reading in s["readings"]:
            assert reading["source"] in sources, (s["id"], reading)
            assert reading["section"].strip(), s["id"]


def test_numbered_sources_are_cited_by_section_number(raw):
    numbered = {"cs229-prob", "cs229-linalg", "cs229-cvx", "cs229-cvx2", "wu-info", "cookbook"}
    for s in raw["skills"]:
        for reading in s["readings"]:
            if reading["source"] in numbered:
                assert re.match(r"\d+(\.\d+)? ", reading["section"]), (s["id"], reading)


def test_specific_readings():
    matmul = curriculum.skill("linalg.matmul")
    sections = {(r.source.id, r.section) for r in matmul.readings}
    assert any(
        src == "cs229-linalg" and "2.3 Matrix-matrix products" in sec for src, sec in sections
    )
    assert any(src == "borgersen" for src, _ in sections)
    matrix_calculus = curriculum.skill("calculus.matrix-calculus")
    assert any("eq. 101" in r.section for r in matrix_calculus.readings)
    # The calculus of network layers is beyond the guide's resources: it reads Deep Learning
    # (and the papers that define the layers) instead.
    network_calculus = {
        "calculus.softmax-jacobian",
        "calculus.logsumexp",
        "calculus.vjp-modes",
        "calculus.backprop-normalisation",
        "calculus.backprop-attention",
        "calculus.backprop-conv1d",
    }
    for s in dlmath.skills("calculus"):
        if s.id in network_calculus:
            assert any(r.source.id == "goodfellow" for r in s.readings), s.id
        else:
            assert s.readings[0].source.id in {"stewart", "cs229-linalg", "cookbook"}


def test_practice_set_is_exactly_the_generated_skills():
    # The registry says which skills have exercises: a skill is practised exactly when a
    # generator module registers it, in every area the registry discovers.
    from dlmath.exercises import generators
    from dlmath.exercises.registry import AREAS

    registered = set(generators())
    assert {s.id for s in dlmath.skills() if s.practice} == registered
    assert {skill.split(".")[0] for skill in registered} == set(AREAS)


def test_practice_skills_only_need_practice_skills():
    by_id = {s.id: s for s in dlmath.skills()}
    for s in by_id.values():
        if s.practice:
            assert all(by_id[p].practice for p in s.prerequisites), s.id


def test_pedagogical_prerequisites():
    closure = curriculum.prerequisites_closure
    assert "linalg.vectors" in curriculum.skill("linalg.matmul").prerequisites
    assert {"calculus.gradient", "linalg.trace"} <= closure("calculus.matrix-calculus")
    assert "optimization.kkt" in closure("optimization.svm-dual")
    assert "information.entropy" in closure("information.kl-divergence")
    assert "calculus.chain-rule" in closure("calculus.backprop-layers")
    assert "linalg.eigen" in closure("linalg.svd")


# -- the API --------------------------------------------------------------------------


def test_skill_records():
    s = curriculum.skill("linalg.matmul")
    assert isinstance(s, curriculum.Skill)
    assert s.area == "linalg" and s.practice and s.name and s.description
    assert isinstance(s.prerequisites, tuple) and isinstance(s.readings, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.name = "other"  # type: ignore[misc]
    reading = s.readings[0].to_json()
    assert {"source", "title", "authors", "section"} <= set(reading)
    assert reading["authors"] == list(s.readings[0].authors)


def test_area_filter_and_errors():
    linalg = dlmath.skills(area="linalg")
    assert linalg and all(s.area == "linalg" for s in linalg)
    assert len(linalg) < len(dlmath.skills())
    assert [a.id for a in curriculum.areas()] == list(curriculum.AREAS)
    with pytest.raises(ValueError, match="unknown area"):
        dlmath.skills(area="astrology")
    with pytest.raises(ValueError, match="unknown skill"):
        curriculum.skill("linalg.nothing")


# -- validation on load ---------------------------------------------------------------

_HEADER = """
[sources.notes]
title = "Notes"
authors = ["A. Author"]
kind = "notes"
""" + "".join(f'[areas.{a}]\nname = "{a}"\ndescription = "about {a}"\n' for a in sorted(AREAS))


def _skill(skill_id: str, *prerequisites: str, source: str = "notes") -> str:
    listed = ", ".join(f'"{p}"' for p in prerequisites)
    return (
        f'[[skills]]\nid = "{skill_id}"\nname = "n"\ndescription = "d"\n'
        f"prerequisites = [{listed}]\n"
        f'readings = [{{ source = "{source}", section = "1 Intro" }}]\n'
    )


def test_a_valid_small_map_loads():
    small = parse_map(_HEADER + _skill("linalg.a") + _skill("linalg.b", "linalg.a"))
    assert [s.id for s in small.skills] == ["linalg.a", "linalg.b"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (_skill("linalg.a", "linalg.ghost"), "unknown prerequisite 'linalg.ghost'"),
        (
            _skill("linalg.a", "linalg.c")
            + _skill("linalg.b", "linalg.a")
            + _skill("linalg.c", "linalg.b"),
            "cycle",
        ),
        (_skill("linalg.a", "linalg.a"), "cycle|itself"),
        (_skill("linalg.a") + _skill("linalg.a"), "defined twice"),
        (_skill("astrology.stars"), "unknown area 'astrology'"),
        (_skill("nodot"), "AREA.SKILL"),
        (_skill("linalg.a", source="nowhere"), "unknown source 'nowhere'"),
    ],
)
def test_bad_maps_are_rejected(body, message):
    with pytest.raises(CurriculumError, match=message):
        parse_map(_HEADER + body)


def test_cycle_message_names_the_cycle():
    body = _skill("linalg.a", "linalg.b") + _skill("linalg.b", "linalg.a")
    with pytest.raises(CurriculumError) as error:
        parse_map(_HEADER + body)
    assert "linalg.a" in str(error.value) and "linalg.b" in str(error.value)


# -- the command line -----------------------------------------------------------------

runner = CliRunner()


def test_cli_json_contract():
    result = runner.invoke(app, ["skills", "--json"])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    assert list(obj) == ["skills"]
    assert len(obj["skills"]) == len(dlmath.skills())
    for entry in obj["skills"]:
        assert {"id", "name", "area", "prerequisites", "readings", "practice"} <= set(entry)
        assert isinstance(entry["prerequisites"], list)
        assert isinstance(entry["practice"], bool)
        assert entry["readings"] and all(r["title"] and r["section"] for r in entry["readings"])
    matmul = next(e for e in obj["skills"] if e["id"] == "linalg.matmul")
    assert matmul["prerequisites"] == ["linalg.vectors"] and matmul["practice"] is True


def test_cli_area_filter():
    result = runner.invoke(app, ["skills", "--area", "information", "--json"])
    assert result.exit_code == 0
    entries = json.loads(result.stdout)["skills"]
    assert entries and {e["area"] for e in entries} == {"information"}


def test_cli_tree():
    result = runner.invoke(app, ["skills", "--area", "linalg"])
    assert result.exit_code == 0
    assert "Linear algebra" in result.stdout
    assert "linalg.matmul" in result.stdout and "practice" in result.stdout
    assert "Probability" not in result.stdout


def test_cli_bad_area_exits_2_cleanly():
    out = subprocess.run(
        [sys.executable, "-m", "dlmath", "skills", "--area", "astrology"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert "unknown area 'astrology'" in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
