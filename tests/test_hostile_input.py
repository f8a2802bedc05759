"""Hostile values where a number, a folder or a file is expected: one line and exit 2, never a
traceback (issue 28, item 9 and the smaller list)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from posture.cli import program as cli

HUGE = {"400 digits": "9" * 400, "5000 digits": "9" * 5000}


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """posture's folders under tmp_path, and the working folder there too."""
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        monkeypatch.setenv(f"POSTURE_{name}_DIR", str(tmp_path / name.lower()))
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str], *words: str) -> str:
    """Run `posture argv` in this process: exit 2 and one line naming `words`."""
    code = cli.main(argv)
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("posture: error:"), err
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("digits", HUGE.values(), ids=HUGE.keys())
def test_a_huge_integer_in_the_config_is_one_line(
    folders: Path, capsys: pytest.CaptureFixture[str], digits: str
) -> None:
    config = folders / "posture.toml"
    # 400 digits parse (and overflowed a float); 5000 are over Python's limit for an int
    named = "posture.toml" if len(digits) > 4300 else "cooldown_s"
    config.write_text(f"[monitor]\ncooldown_s = {digits}\n")
    line = one_line_error(capsys, ["config", "--config", str(config)], named)
    assert len(line) < 300  # the number is not quoted whole
    config.write_text(f"[monitor]\nescalate_after = -{digits}\n")
    named = "posture.toml" if len(digits) > 4300 else "escalate_after"
    one_line_error(capsys, ["config", "--config", str(config)], named)
    one_line_error(capsys, ["run", "--config", str(config), "--duration", "1s"], named)


def catalogue_entry(field: str, value: str) -> str:
    entry = {
        "id": '"x"',
        "name": '"X"',
        "helps": '["still_neck"]',
        "steps": '["a"]',
        "hold_s": "5",
        "reps": "2",
        "rest_s": "1",
        "cautions": "[]",
    }
    entry[field] = value
    return "[[stretch]]\n" + "\n".join(f"{k} = {v}" for k, v in entry.items()) + "\n"


@pytest.mark.parametrize("field", ["hold_s", "reps"])
@pytest.mark.parametrize("digits", HUGE.values(), ids=HUGE.keys())
def test_a_huge_integer_in_the_stretch_catalogue_is_one_line(
    folders: Path, capsys: pytest.CaptureFixture[str], digits: str, field: str
) -> None:
    (folders / "config").mkdir()
    (folders / "config" / "stretches.toml").write_text(catalogue_entry(field, digits))
    line = one_line_error(capsys, ["stretch", "--list"], "stretches.toml")
    assert len(line) < 300
