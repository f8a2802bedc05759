"""`posture paths` and `posture -V`: where everything lives, and the version, as a user asks."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import run

from posture import __version__
from posture.adapters.system import paths
from posture.cli import program


def _by_name(out: str) -> dict[str, str]:
    names = [
        "history",
        "history journal",
        "history backups",
        "calibration profiles",
        "settings",
        "stretch catalogue additions",
        "running monitor (pid, command, status files)",
        "pose model cache",
    ]
    return {name: next(x for x in out.splitlines() if x.startswith(name + "  ")) for name in names}


def test_paths_lists_every_place_with_whether_it_exists_and_its_size(
    cli_env: dict[str, str],
) -> None:
    data, config = Path(cli_env["POSTURE_DATA_DIR"]), Path(cli_env["POSTURE_CONFIG_DIR"])
    (config / "profiles").mkdir(parents=True)
    (config / "profiles" / "camera-0.json").write_bytes(b"x" * 2500)
    data.mkdir()
    (data / "history.sqlite3").write_bytes(b"h" * 1234)
    (data / "history.sqlite3.v1.bak").write_bytes(b"b" * 10)
    lines = _by_name(run(["paths"], cli_env).stdout)
    assert "1.2 kB" in lines["history"] and str(data / "history.sqlite3") in lines["history"]
    assert "1 file, 10 B" in lines["history backups"]
    assert "1 file, 2.5 kB" in lines["calibration profiles"]
    for absent in ("settings", "stretch catalogue additions", "pose model cache"):
        assert "absent" in lines[absent], absent
    assert str(config / "posture.toml") in lines["settings"]
    assert cli_env["POSTURE_STATE_DIR"] in lines["running monitor (pid, command, status files)"]
    assert cli_env["POSTURE_CACHE_DIR"] in lines["pose model cache"]


def test_every_folder_override_is_a_place_paths_lists(
    cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in paths.OVERRIDES:
        monkeypatch.setenv(name, cli_env[name])
    shown = " ".join(place.shown for place in paths.places())
    assert all(cli_env[name] in shown for name in paths.OVERRIDES)
    assert set(paths.OVERRIDES) == {
        "POSTURE_DATA_DIR",
        "POSTURE_CONFIG_DIR",
        "POSTURE_STATE_DIR",
        "POSTURE_CACHE_DIR",
    }


def test_dash_v_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        program.main(["-V"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"posture {__version__}"
