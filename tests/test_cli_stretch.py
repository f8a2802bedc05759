"""`posture stretch` end to end on real clips, without a display (offers taken during `run`:
tests/test_listeners.py)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from test_cli import assert_one_line_error, run

from posture.adapters.system.catalogue import load as load_catalogue
from posture.app import stretch as app_stretch

QUICK_TURNS = """
[[stretch]]
id = "quick-turns"
name = "Quick head turns"
helps = ["still_neck"]
steps = ["Turn your head to each side and back."]
hold_s = 0.3
reps = 1
rest_s = 0.5
cautions = []
check = { measure = "yaw", sides = ["left", "right"], threshold = 15 }
"""


@pytest.fixture
def with_quick_turns(cli_env: dict[str, str]) -> dict[str, str]:
    """The user's catalogue file adds a quick turn check (the shared clip's turns are brief)."""
    config = Path(cli_env["POSTURE_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "stretches.toml").write_text(QUICK_TURNS)
    return cli_env


def session(env: dict[str, str], clip: Path, db: Path) -> list[dict]:
    args = ["stretch", "quick-turns", "--source", str(clip), "--json", "--db", str(db)]
    result = run(args, env)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_head_turns_complete_a_turn_check_and_a_still_head_none(
    with_quick_turns: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "h.db"
    turns = session(with_quick_turns, data_dir / "video/front-head-turns-d12.mp4", db)
    still = session(with_quick_turns, data_dir / "video/front-still-d13.mp4", db)
    intro = turns[0]
    assert (intro["type"], intro["kind"], intro["name"]) == ("cue", "intro", "Quick head turns")
    assert intro["steps"] == ["Turn your head to each side and back."] and intro["safety"]
    assert turns[-1] == {
        "type": "result",
        "id": "quick-turns",
        "status": "completed",
        "done": 2,
        "total": 2,
        "checked": True,
        "seconds": turns[-1]["seconds"],
        "stopped": None,
    }
    assert [r["text"] for r in turns if r["type"] == "cue"].count("relax") == 2
    assert still[-1]["status"] == "skipped" and still[-1]["done"] == 0
    # The clip ends before a still head could finish: the result says so, not "skipped".
    assert still[-1]["stopped"] == "recording ended"
    assert still[-2]["text"] == "Quick head turns: recording ended (0 of 2)"
    guides = [r["guidance"] for r in still if r.get("kind") == "guide"]
    assert guides and guides[0] == "turn your head to the left"
    counts = [r for r in turns if r.get("kind") == "count"]
    assert all(r["phase"] in ("hold", "rest") and r["left_s"] >= 1 for r in counts)
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT stretch_id, status, done FROM stretches ORDER BY t").fetchall()
    assert rows == [("quick-turns", "completed", 2), ("quick-turns", "skipped", 0)]


def test_the_list_has_one_stretch_a_line_id_first(cli_env: dict[str, str]) -> None:
    result = run(["stretch", "--list"], cli_env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(load_catalogue().stretches)
    assert (
        lines[0].split()[0] == "head-turns"
        and "the camera sees the head turn (left and right)" in lines[0]
    )


def test_a_timer_only_stretch_runs_without_a_camera(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    override = Path(cli_env["POSTURE_CONFIG_DIR"])
    override.mkdir(parents=True)
    (override / "stretches.toml").write_text(
        '[[stretch]]\nid = "blink"\nname = "Blink"\nhelps = ["still_neck"]\nsteps = ["Blink."]\n'
        "hold_s = 1\nreps = 1\nrest_s = 0\ncautions = []\n"
    )
    result = run(["stretch", "blink", "--camera", "7", "--db", str(tmp_path / "h.db")], cli_env)
    assert result.returncode == 0, result.stderr  # no camera needed, so none is opened
    assert "blink: completed, 1 of 1 (on the timer)" in result.stdout
    assert "not medical advice" in result.stdout


def test_bad_catalogues_and_ids_are_one_line(cli_env: dict[str, str]) -> None:
    config = Path(cli_env["POSTURE_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "stretches.toml").write_text(QUICK_TURNS.replace("reps = 1", "reps = -2"))
    assert_one_line_error(run(["stretch", "--list"], cli_env), "quick-turns", "'reps'")
    (config / "stretches.toml").write_text(QUICK_TURNS)
    assert_one_line_error(run(["stretch", "nope"], cli_env), "no stretch 'nope'")
    bad = config / "posture.toml"
    bad.write_text('[stretches]\ndisabled = "walk"\n')
    assert_one_line_error(run(["run", "--source", "x.mp4"], cli_env), "[stretches]")


def test_the_list_names_what_each_stretch_helps_in_the_words_for_takes(
    cli_env: dict[str, str],
) -> None:
    lines = run(["stretch", "--list"], cli_env).stdout.splitlines()
    said = set()
    for line in lines:
        tags = line.rsplit("[", 1)[1].split(";")
        for tag in (t.strip() for t in tags if t.strip().startswith("for ")):
            said |= {word.strip() for word in tag.removeprefix("for ").split(",")}
    assert said == set(app_stretch.CAUSES) == {"forward", "still", "sitting", "shoulders"}
    assert not any("forward_head" in line or "long_sitting" in line for line in lines)
