"""The stretch coach in a terminal: the intro with numbered steps and safety, spoken counts."""

from __future__ import annotations

from posture.adapters.system.catalogue import load as load_catalogue
from posture.cli.coach_text import cue_lines, cue_row
from posture.core.stretches.coach import Coach
from posture.core.stretches.cues import CueKind


def test_the_intro_shows_safety_name_numbered_steps_and_cautions() -> None:
    catalogue = load_catalogue()
    chin = catalogue.get("chin-tucks")
    intro = Coach(chin, 0.0, catalogue.safety).start()[0]
    lines = cue_lines(intro)
    assert lines[0] == f"! {catalogue.safety[0]}"
    assert (
        "Chin tucks (hold 5 s, 5 times, 3 s rest between; the camera sees the chin tuck (back))"
        in lines
    )
    assert f"  1. {chin.steps[0]}" in lines and f"  3. {chin.steps[2]}" in lines
    assert f"  Careful: {chin.cautions[0]}" in lines
    row = cue_row(intro)
    assert row["steps"] == list(chin.steps) and row["safety"] == list(catalogue.safety)


def test_a_timer_hold_counts_the_last_three_seconds_aloud_only() -> None:
    press = load_catalogue().get("press-back")  # hold 7 s, rest 20 s, timer only
    coach = Coach(press, 0.0)
    cues = coach.start()
    for step in range(0, 120):
        cues += coach.tick(step / 4)
    counts = [c for c in cues if c.kind is CueKind.COUNT]
    assert [c.left_s for c in counts[:7]] == [7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
    printed = [line for c in counts[:27] for line in cue_lines(c)]
    assert printed == ["3...", "2...", "1..."]  # the rest's 20 s are counted for a window only
    assert cue_row(counts[0])["left_s"] == 7.0 and cue_row(counts[0])["phase"] == "hold"
