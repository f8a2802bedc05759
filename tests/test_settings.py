"""Settings: defaults, TOML, --set, validation with clear messages, and where values came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from posture.adapters.system.files import read_config
from posture.core import settings, settings_text
from posture.core.errors import ConfigError
from posture.core.settings import Settings


def test_every_setting_has_a_documented_default_that_is_valid() -> None:
    loaded = settings_text.load(None, [])
    rows = settings_text.describe(loaded)
    assert [r[0] for r in rows] == list(settings.SPECS)
    assert all(origin == "default" and why for _, _, origin, why in rows)
    for key in (
        "forward_threshold_deg",
        "forward_hold_s",
        "still_alert_s",
        "sitting_alert_s",
        "away_break_s",
        "sample_hz",
    ):
        assert key in settings.SPECS


def test_file_then_flags_override_and_origins_say_so(tmp_path: Path) -> None:
    config = tmp_path / "posture.toml"
    config.write_text("[monitor]\nforward_hold_s = 30\nsample_hz = 2.0\n")
    loaded = settings_text.load(
        read_config(config), ["sample_hz=0.5", "still_alert_s=20m", "release_camera=yes"]
    )
    s = loaded.settings
    assert (s.forward_hold_s, s.sample_hz, s.still_alert_s, s.release_camera) == (
        30.0,
        0.5,
        1200.0,
        True,
    )
    assert loaded.origins["forward_hold_s"] == f"file {config}"
    assert loaded.origins["sample_hz"] == "--set"
    assert loaded.origins["cooldown_s"] == "default"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[monitor]\nsample_hz = 50\n", "sample_hz must be between 0.1 and 10, got 50"),
        ("[monitor]\nforward_hold_s = 'long'\n", "forward_hold_s must be a number, got 'long'"),
        ("[monitor]\nescalate_after = 1.5\n", "escalate_after must be a whole number"),
        ("[monitor]\nrelease_camera = 1\n", "release_camera must be true or false"),
        ("[monitor]\nholdd = 3\n", "unknown setting 'holdd'"),
        ("sample_hz = 1\n", "unknown table or key 'sample_hz'"),
        ("[monitor\n", "not valid TOML"),
        ("[monitor]\nsample_hz = nan\n", "sample_hz must be a number"),
        ("[monitor]\nescalate_after = inf\n", "escalate_after must be a whole number"),
        ("[monitor]\nescalate_after = nan\n", "escalate_after must be a whole number"),
    ],
)
def test_bad_files_name_the_key_and_the_problem(tmp_path: Path, text: str, words: str) -> None:
    config = tmp_path / "posture.toml"
    config.write_text(text)
    with pytest.raises(ConfigError, match=words.replace("(", r"\(")) as caught:
        settings_text.load(read_config(config), [])
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("flag", "words"),
    [
        ("sample_hz", "KEY=VALUE"),
        ("=3", "KEY=VALUE"),
        ("nope=1", "unknown setting 'nope'"),
        ("forward_hold_s=soon", "forward_hold_s must be a number, got 'soon'"),
        ("forward_threshold_deg=90", "between 5 and 60"),
        ("escalate_after=inf", "escalate_after must be a finite number, got 'inf'"),
        ("sample_hz=nan", "sample_hz must be a finite number, got 'nan'"),
        ("escalate_after=1e400", "escalate_after must be a finite number"),
    ],
)
def test_bad_flags_are_refused(flag: str, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        settings_text.load(None, [flag])


def test_a_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        settings_text.load(read_config(tmp_path / "none.toml"), [])


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90.0), ("45s", 45.0), ("30m", 1800.0), ("1.5h", 5400.0)]
)
def test_durations(text: str, seconds: float) -> None:
    assert settings_text.parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "-5m", "soon", "10 days"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ConfigError, match="not a duration"):
        settings_text.parse_duration(text)


def test_settings_validate_on_construction() -> None:
    with pytest.raises(ConfigError, match="cooldown_s"):
        Settings(cooldown_s=-1.0)


def test_a_misspelt_setting_names_the_nearest_and_a_strange_one_lists_them_all(
    tmp_path: Path,
) -> None:
    near = r"unknown setting 'stil_alert_s': did you mean still_alert_s( or \w+)*\?$"
    with pytest.raises(ConfigError, match=near):
        settings_text.load(None, ["stil_alert_s=100"])
    with pytest.raises(ConfigError, match=r"unknown setting 'zzz' \(known: .*still_alert_s"):
        settings_text.load(None, ["zzz=1"])
    config = tmp_path / "posture.toml"
    config.write_text("[monitor]\nforward_hold = 3\n")
    with pytest.raises(ConfigError, match="did you mean forward_hold_s"):  # in a file too
        settings_text.load(read_config(config), [])
