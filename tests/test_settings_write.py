"""Settings in plain words and written back: every setting has a label and a why that fit 80
columns without research words; `posture config --set KEY=VALUE --write` edits the settings file
line by line (comments and other keys kept), refuses a bad value without writing, and tells a
running monitor to apply it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from posture.adapters.system.control import COMMAND_FILE, RELOAD, CommandInbox, pid_path
from posture.app.config import settings_template
from posture.core.errors import ConfigError
from posture.core.setting_words import GROUPS, WORDS, by_group, range_text, shown_value
from posture.core.settings import SPECS, Settings
from posture.core.settings_edit import set_values
from posture.core.settings_text import ConfigText, parse_file

JARGON = ("detectable", "hysteresis", "cva", "epidemiolog", "percentile", "+/-", "see readme")


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posture", *args], capture_output=True, text=True, env=env
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"POSTURE_{name}_DIR"] = str(tmp_path / name.lower())
    return env


def test_every_setting_has_plain_words_in_a_group() -> None:
    assert set(WORDS) == set(SPECS)
    assert [g for g, keys in by_group().items() if keys] == list(GROUPS)
    for key, words in WORDS.items():
        text = f"{words.label} {words.why}".lower()
        assert not any(word in text for word in JARGON), key
        assert len(words.label) <= 40 and len(words.why) <= 72, key


def test_values_and_ranges_are_shown_in_the_unit_people_think_in() -> None:
    assert shown_value("still_alert_s", 1500.0) == "25 min"
    assert shown_value("forward_hold_s", 60.0) == "60 s"
    assert shown_value("tray", True) == "on"
    assert range_text("sitting_alert_s") == "5-240 min"
    assert range_text("tray") == ""


def test_posture_config_fits_80_columns_and_names_no_research_words(
    env: dict[str, str],
) -> None:
    done = run(["config"], env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    path_line = lines.index(f"  {Path(env['POSTURE_CONFIG_DIR']) / 'posture.toml'}")
    others = lines[:path_line] + lines[path_line + 1 :]
    assert max(len(line) for line in others) <= 80
    assert not any(word in done.stdout.lower() for word in JARGON)
    for key in SPECS:
        assert sum(line.strip().startswith(f"{key} ") for line in lines) == 1, key
    assert "  forward_hold_s         = 60      Head forward this long, then warn" in lines


TEXT = """\
# my settings: keep this comment
[monitor]
forward_hold_s = 30  # half a minute suits me
# still_alert_s = 1200

sample_hz = 2.0

[stretches]
disabled = ["head-turns"]  # my neck dislikes these
"""


def test_a_value_is_replaced_and_a_new_one_added_inside_the_table_keeping_the_rest() -> None:
    text = set_values(ConfigText(TEXT, "p.toml"), {"forward_hold_s": 90.0, "cooldown_s": 300.0})
    lines = text.splitlines()
    assert lines[2] == "forward_hold_s = 90  # half a minute suits me"
    assert lines[6] == "cooldown_s = 300"  # after the table's last setting, before [stretches]
    for kept in ("# my settings: keep this comment", "# still_alert_s = 1200", "sample_hz = 2.0"):
        assert kept in lines
    assert lines[-1] == 'disabled = ["head-turns"]  # my neck dislikes these'
    table, disabled = parse_file(ConfigText(text, "p.toml"))
    assert table == {"forward_hold_s": 90, "sample_hz": 2.0, "cooldown_s": 300}
    assert disabled == ("head-turns",)


def test_a_new_file_shows_every_setting_and_one_set_stays_under_its_label() -> None:
    template = settings_template()
    assert parse_file(ConfigText(template, "p.toml")) == ({}, ())  # all commented out
    for key in SPECS:
        assert f"\n# {key} = " in template
    text = set_values(ConfigText(template, "p.toml"), {"still_alert_s": 1200.0})
    lines = text.splitlines()
    at = lines.index("still_alert_s = 1200")
    assert lines[at - 1] == f"# {WORDS['still_alert_s'].label}: {WORDS['still_alert_s'].why}"
    assert len(lines) == len(template.splitlines())  # set in place, nothing added


def test_a_file_without_the_table_gets_one() -> None:
    text = set_values(ConfigText("[stretches]\ndisabled = []\n", "p.toml"), {"tray": False})
    assert text == "[stretches]\ndisabled = []\n\n[monitor]\ntray = false\n"


def test_a_file_that_lines_cannot_edit_is_refused() -> None:
    dotted = "monitor.forward_hold_s = 30\n"  # the table by dotted keys: no [monitor] line
    with pytest.raises(ConfigError):
        set_values(ConfigText(dotted, "p.toml"), {"forward_hold_s": 90.0})
    Settings()  # nothing global was touched


def test_config_write_keeps_the_file_and_the_next_config_shows_the_value(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "config" / "posture.toml"
    path.parent.mkdir()
    path.write_text(TEXT)
    done = run(["config", "--set", "forward_hold_s=2m", "--set", "tray=off", "--write"], env)
    assert done.returncode == 0, done.stderr
    assert "wrote forward_hold_s, tray" in done.stdout
    assert "tray: read when the monitor starts" in done.stdout
    text = path.read_text()
    assert "forward_hold_s = 120  # half a minute suits me" in text
    assert "# my settings: keep this comment" in text and "# my neck dislikes these" in text
    shown = run(["config"], env).stdout.splitlines()
    assert "  forward_hold_s         = 120   * Head forward this long, then warn" in shown


def test_a_bad_value_is_one_line_and_nothing_is_written(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "config" / "posture.toml"
    path.parent.mkdir()
    path.write_text(TEXT)
    done = run(["config", "--set", "forward_hold_s=0", "--write"], env)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "forward_hold_s must be between 1 and 7200" in done.stderr
    assert path.read_text() == TEXT
    assert run(["config", "--write"], env).returncode == 2


def test_a_running_monitor_is_told_to_read_its_settings_again(
    env: dict[str, str], tmp_path: Path
) -> None:
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    pid_path(state, os.getpid()).write_text(str(os.getpid()))  # this test stands for a monitor
    inbox = CommandInbox(state, 0.0)
    done = run(["config", "--set", "snooze_s=5m", "--write"], env)
    assert done.returncode == 0, done.stderr
    assert "the running monitor re-reads its settings file now" in done.stdout
    command = inbox.poll()
    assert command is not None and command.action == RELOAD
    assert json.loads((state / COMMAND_FILE).read_text())["action"] == RELOAD
