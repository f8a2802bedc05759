"""The stretch catalogue: the packaged one is complete; bad ones are named; the chooser rotates."""

from __future__ import annotations

from pathlib import Path

import pytest

from posture.adapters.system.catalogue import load as load_catalogue
from posture.core.data import View
from posture.core.errors import CatalogueError
from posture.core.monitor.kinds import EventKind, Helps
from posture.core.stretches import catalogue as stretches
from posture.core.stretches.catalogue import Measure

GOOD = """
[[stretch]]
id = "x"
name = "X"
helps = ["forward_head"]
steps = ["one"]
hold_s = 5
reps = 2
rest_s = 1
cautions = []
check = { measure = "yaw", sides = ["left"], threshold = 20 }
"""


def test_the_packaged_catalogue_covers_what_the_texts_recommend() -> None:
    catalogue = load_catalogue()
    ids = set(catalogue.stretches)
    for needed in (
        "head-turns",
        "head-tilts",
        "side-neck",
        "front-neck",
        "back-neck",
        "press-back",
        "press-side",
        "press-chin",
        "shrugs",
        "crossed-arm-nods",
        "arm-raised-tilts",
        "neck-massage",
        "walk",
        "desk-setup",
    ):
        assert needed in ids
    for s in catalogue.stretches.values():
        assert s.steps and s.reps >= 1
    helped = {h for s in catalogue.stretches.values() for h in s.helps}
    assert helped == set(Helps)
    checked = {s.check.measure for s in catalogue.stretches.values() if s.check}
    assert checked == set(Measure)
    assert any("two days" in line for line in catalogue.safety)
    assert any("not medical advice" in line for line in catalogue.safety)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("hold_s = 5", 'hold_s = "long"'), "stretch #1 (id 'x'), field 'hold_s'"),
        (("reps = 2", "reps = 0"), "field 'reps': must be a number from 1"),
        (('helps = ["forward_head"]', 'helps = ["knees"]'), "field 'helps'"),
        (('steps = ["one"]', "steps = []"), "field 'steps': must not be empty"),
        (('measure = "yaw"', 'measure = "wiggle"'), "field 'check.measure'"),
        (('sides = ["left"]', 'sides = ["down"]'), "'down' is not a side of yaw"),
        (('name = "X"', 'name = "X"\ncolour = "red"'), "field 'colour': is not a stretch field"),
        (('id = "x"', 'id = ""'), "stretch #1, field 'id'"),
        (("[[stretch]]", "[[stretch]"), "not valid TOML"),
        (("cautions = []", 'cautions = []\ncounters = ["still_neck"]'), "field 'counters'"),
    ],
)
def test_a_bad_user_file_names_the_entry_and_the_field(
    tmp_path: Path, change: tuple[str, str], words: str
) -> None:
    override = tmp_path / "stretches.toml"
    override.write_text(GOOD.replace(*change))
    with pytest.raises(CatalogueError, match=words.replace("(", r"\(").replace(")", r"\)")) as e:
        load_catalogue(override)
    assert str(override) in str(e.value) and "\n" not in str(e.value)


def test_a_user_file_adds_and_replaces_entries(tmp_path: Path) -> None:
    override = tmp_path / "stretches.toml"
    override.write_text(GOOD + GOOD.replace('id = "x"', 'id = "walk"'))
    catalogue = load_catalogue(override)
    assert catalogue.get("x").hold_s == 5.0
    assert catalogue.get("walk").check is not None
    assert catalogue.get("walk").check.measure is Measure.YAW  # replaced
    assert len(catalogue.stretches) == len(load_catalogue().stretches) + 1


def test_duplicate_ids_in_one_file_are_refused(tmp_path: Path) -> None:
    override = tmp_path / "s.toml"
    override.write_text(GOOD + GOOD)
    with pytest.raises(CatalogueError, match="id 'x' appears twice"):
        load_catalogue(override)


def test_the_chooser_fits_the_cause_rotates_and_honours_disabled() -> None:
    catalogue = load_catalogue()
    chooser = stretches.Chooser(catalogue, disabled=["head-turns"])
    picks = [chooser.choose(EventKind.STILL_ALERT) for _ in range(6)]
    ids = [p.id for p in picks if p]
    assert len(set(ids)) == 6 and "head-turns" not in ids
    assert all(Helps.STILL_NECK in p.helps for p in picks if p)
    assert chooser.choose(EventKind.SITTING_ALERT).id == "walk"  # type: ignore[union-attr]
    assert chooser.choose(EventKind.NECK_MOVED) is None


def test_the_chooser_remembers_recent_suggestions_and_rejects_unknown_ids() -> None:
    catalogue = load_catalogue()
    fresh = stretches.Chooser(catalogue).choose(EventKind.FORWARD_ALERT)
    assert fresh is not None
    chooser = stretches.Chooser(catalogue, recent=[fresh.id])
    assert chooser.choose(EventKind.FORWARD_ALERT).id != fresh.id  # type: ignore[union-attr]
    with pytest.raises(CatalogueError, match="no stretch 'nope'"):
        stretches.Chooser(catalogue, disabled=["nope"])


def test_a_forward_head_gets_the_stretches_that_counter_it_first() -> None:
    chooser = stretches.Chooser(load_catalogue())
    picks = [chooser.choose(EventKind.FORWARD_ALERT) for _ in range(4)]
    ids = [p.id for p in picks if p]
    assert ids == ["chin-tucks", "back-neck", "press-back", "chin-tucks"]
    fallback = stretches.Chooser(
        load_catalogue(), disabled=["chin-tucks", "back-neck", "press-back"]
    )
    other = fallback.choose(EventKind.FORWARD_ALERT)
    assert other is not None and Helps.FORWARD_HEAD not in other.counters


def test_a_side_view_never_offers_a_turn_or_a_tilt_as_checked() -> None:
    catalogue = load_catalogue()
    front = stretches.Chooser(catalogue).choose(EventKind.STILL_ALERT, View.FRONT)
    side = stretches.Chooser(catalogue).choose(EventKind.STILL_ALERT, View.SIDE)
    assert front is not None and side is not None and front.id == side.id == "head-turns"
    assert front.check is not None and side.check is None  # yaw: timed, not checked, from the side
    tuck = stretches.Chooser(catalogue).choose(EventKind.FORWARD_ALERT, View.SIDE)
    assert tuck is not None and tuck.check is not None  # a chin tuck is seen from the side
    for stretch in catalogue.stretches.values():
        seen = stretches.as_seen(stretch, View.SIDE)
        if seen.check is not None:
            assert seen.check.measure not in (Measure.YAW, Measure.ROLL, Measure.SHRUG)
