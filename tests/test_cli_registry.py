"""One table of commands, one module of shared options: what `--help` lists and how the commands
that share an option refuse a bad value (the same way in each)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from test_cli import assert_one_line_error, run

import posture.cli
from posture.cli import program
from posture.cli.command import Command

CLI = Path(posture.cli.__file__).parent

LISTED = {
    # command -> the arguments `posture COMMAND --help` listed before the commands were split up
    "analyze": ["--json", "--model", "--threshold", "--profile", "PATH"],
    "calibrate": [
        *("--camera", "--source", "--poke-source", "--chin-poke", "--profile", "--check"),
        *("--seconds", "--no-preview", "--model", "--config", "--set"),
    ],
    "run": [
        *("--camera", "--source", "--realtime", "--config", "--set", "--db", "--profile"),
        *("--model", "--preview", "--no-notify", "--duration", "--json", "--no-tray"),
    ],
    "config": ["--config", "--set", "--write"],
    "pause": ["duration"],
    "resume": [],
    "status": ["--json"],
    "autostart": ["on|off|status"],
    "stretch": [
        *("--for", "--list", "--camera", "--source", "--json", "--db", "--profile", "--model"),
        *("--config", "--set", "id"),
    ],
    "report": [
        *("--date", "--week", "--month", "--from", "--to", "--db", "--replays", "--demo"),
        *("--html", "--tz", "--open"),
        *("--json", "--csv"),
    ],
    "history": [
        *("--from", "--to", "--format", "--output", "--before", "--all", "--yes", "--db"),
        *("--replays", "--demo", "--tz"),
        "{where,export,delete,rollup}",
    ],
    "demo": ["--db", "--html", "--tz"],
    "model": ["--model", "{fetch}", "{full,heavy,lite}"],
    "paths": [],
    "setup": ["--camera", "--source", "--profile", "--model"],
    "desktop-entry": ["on|off|status"],
    "diary": ["--days-ago", "--db", "--tz", "LEVEL", "WORD"],
}


def help_text(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as info:
        program.main([*args, "--help"])
    assert info.value.code == 0
    return capsys.readouterr().out


def cli_modules() -> dict[str, object]:
    return {
        info.name: importlib.import_module(info.name)
        for info in pkgutil.iter_modules(posture.cli.__path__, prefix="posture.cli.")
    }


def test_posture_help_lists_every_command_of_the_table_in_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one line per command
    text = help_text(capsys)
    listed = re.findall(r"^    ([\w-]+)\s+(.+)$", text, flags=re.MULTILINE)
    assert listed == [(c.name, c.help) for c in program.COMMANDS]
    assert [name for name, _ in listed] == list(LISTED)


@pytest.mark.parametrize("command", list(LISTED))
def test_each_command_help_lists_what_it_listed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # the usage on one line
    text = help_text(capsys, command)
    usage = text.splitlines()[0]
    assert usage.startswith(f"usage: posture {command} [-h]")
    flags = [f for f in dict.fromkeys(re.findall(r"--[a-z-]+", usage)) if f != "--help"]
    section = text.split("positional arguments:\n")[1:]
    positionals = re.findall(r"^  (\S+)", section[0].split("\n\n")[0], re.M) if section else []
    assert flags + positionals == LISTED[command]


def test_each_command_module_registers_through_the_table() -> None:
    """Every Command any cli module defines is in the table once, with a handler from the same
    module; only program.py builds parsers; no command module imports another one."""
    defined: dict[str, list[Command]] = {}
    for name, module in cli_modules().items():
        commands = [v for v in vars(module).values() if isinstance(v, Command)]
        if name != "posture.cli.program" and commands:
            defined[name] = commands
            assert all(c.handler.__module__ == name for c in commands), name
    table = list(program.COMMANDS)
    assert len({e.name for e in table}) == len(table)
    assert sorted(c.name for m in defined.values() for c in m) == sorted(e.name for e in table)
    for entry in table:  # the row names the command's own module, and says what its help says
        command = entry.load()
        assert any(command is c for c in defined[f"posture.cli.{entry.module}"]), entry
        assert (command.name, command.help) == (entry.name, entry.help)
    for path in CLI.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {
            node.func.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        }
        if path.name != "program.py":
            assert not calls & {"add_parser", "add_subparsers"}, path.name
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
            f"{node.module}.{a.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for a in node.names
        }
        if f"posture.cli.{path.stem}" in defined:
            assert not imported & set(defined), f"{path.name} borrows from another command"


# --- options shared by several commands: refused the same way by each ---------------------------


def same_refusal(results: list, *words: str) -> None:
    for result in results:
        assert_one_line_error(result, *words)
    assert len({r.stderr for r in results}) == 1, [r.stderr for r in results]


def test_a_missing_camera_is_refused_the_same_way_by_run_stretch_and_calibrate(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    db = str(tmp_path / "h.db")
    results = [
        run(["run", "--camera", "7", "--db", db, "--no-notify"], cli_env),
        run(["stretch", "head-turns", "--camera", "7", "--db", db], cli_env),
        run(["calibrate", "--camera", "7", "--no-preview"], cli_env),
        run(["calibrate", "--check", "--camera", "7", "--no-preview"], cli_env),
    ]
    same_refusal(results, "camera 7 could not be opened")


def test_a_bad_setting_is_refused_the_same_way_by_run_stretch_and_config(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    bad = ["--set", "nope=1"]
    results = [run([command, *bad], cli_env) for command in ("run", "stretch", "config")]
    same_refusal(results, "unknown setting 'nope'")
    toml = tmp_path / "c.toml"
    toml.write_text("[monitor]\nsample_hz = 0\n")
    bad = ["--config", str(toml)]
    results = [run([command, *bad], cli_env) for command in ("run", "stretch", "config")]
    same_refusal(results, "sample_hz", "0.1")


def test_a_corrupt_profile_is_refused_the_same_way_wherever_it_is_read(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    profile = tmp_path / "p.json"
    profile.write_text('{"format": "posture-profile", "version": 1, "camera": ')
    clip = str(data_dir / "video/front-still-d13.mp4")
    shared = ["--profile", str(profile)]
    results = [
        run(["run", "--source", clip, "--no-notify", *shared], cli_env),
        run(["stretch", "head-turns", "--source", clip, *shared], cli_env),
        run(["calibrate", "--check", "--source", clip, "--no-preview", *shared], cli_env),
        run(["analyze", clip, *shared], cli_env),
    ]
    same_refusal(results, "corrupt", "posture calibrate")
    assert profile.read_text().endswith('"camera": ')


def test_an_unloadable_model_is_refused_the_same_way_by_every_command_that_loads_one(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    model = tmp_path / "model.task"
    model.write_bytes(b"garbage" * 100)
    clip = str(data_dir / "video/front-still-d13.mp4")
    shared = ["--model", str(model)]
    db = str(tmp_path / "h.db")
    results = [
        run(["run", "--source", clip, "--no-notify", "--db", db, *shared], cli_env),
        run(["stretch", "head-turns", "--source", clip, "--db", db, *shared], cli_env),
        run(["calibrate", "--source", clip, *shared], cli_env),
        run(["analyze", clip, *shared], cli_env),
    ]
    same_refusal(results, "model.task", "not a loadable pose model")
