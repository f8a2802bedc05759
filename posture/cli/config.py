"""`posture config`: every setting in plain words, its value and where it came from; with
`--write`, the `--set` values written into the settings file and applied by a running monitor."""

from __future__ import annotations

import argparse

from posture.adapters.system import paths
from posture.app.config import load_settings, tell_running_monitor, write_settings
from posture.cli import options
from posture.cli.command import Command, printable
from posture.core import settings_text
from posture.core.errors import UsageError
from posture.core.setting_words import WORDS, by_group, shown_value
from posture.core.settings_edit import toml_value

MARKS = {"default": " ", "--set": "+"}
"""The mark beside a value: a default, a --set flag; '*' for the settings file."""


def _arguments(parser: argparse.ArgumentParser) -> None:
    options.add_settings(parser)
    parser.add_argument(
        "--write",
        action="store_true",
        help="write the --set values into the settings file (keeping its comments and other "
        "keys) and apply them to the running monitor",
    )


def setting_lines(loaded: settings_text.Loaded) -> list[str]:
    """Two lines a setting, by group: `key = value` with its label, then why (80 columns)."""
    lines: list[str] = []
    width = max(len(key) for key in WORDS)
    for group, keys in by_group().items():
        lines.append(group)
        for key in keys:
            value = getattr(loaded.settings, key)
            text = toml_value(value)
            mark = MARKS.get(loaded.origins[key], "*")
            label = WORDS[key].label
            if WORDS[key].factor != 1.0:  # kept in seconds, thought of in minutes
                label += f": {shown_value(key, value)}"
            lines.append(f"  {key:<{width}} = {text:<6}{mark} {label}")
            lines.append(f"      {WORDS[key].why}")
    return lines


def _cmd_config(args: argparse.Namespace) -> int:
    if args.write:
        return _write(args)
    loaded = options.load_settings(args)
    _say_where(args, loaded)
    if "--set" in loaded.origins.values():
        print("values marked + come from --set")
    for line in setting_lines(loaded):
        print(line)
    print("why these defaults, with sources: docs/settings.md")
    return 0


def _say_where(args: argparse.Namespace, loaded: settings_text.Loaded) -> None:
    """The settings file, and whether it sets anything (a key --set overrides still counts)."""
    path = args.config or paths.default_config()
    origins = load_settings(args.config, []).origins.items() if path.exists() else ()
    in_file = [key for key, origin in origins if origin.startswith("file")]
    overridden = [key for key in in_file if loaded.origins[key] == "--set"]
    if in_file:
        also = f"; --set overrides its {', '.join(overridden)}" if overridden else ""
        print(f"settings file (values marked *{also}):\n  {printable(str(path))}")
    elif path.exists():
        print(f"settings file (it sets nothing):\n  {printable(str(path))}")
    else:
        print(
            f"no settings file yet (`posture config --set KEY=VALUE --write` makes it):\n"
            f"  {printable(str(path))}"
        )


def _write(args: argparse.Namespace) -> int:
    if not args.set:
        raise UsageError("--write needs at least one --set KEY=VALUE")
    values = settings_text.parse_assignments(args.set)
    path = write_settings(args.config, values)
    print(f"wrote {', '.join(values)} to {printable(str(path))}")
    later = [key for key in values if WORDS[key].at_start]
    if tell_running_monitor():
        print("the running monitor re-reads its settings file now")
    else:
        print("they apply when the monitor starts (`posture run`)")
    if later:
        print(f"{', '.join(later)}: read when the monitor starts, so from its next start")
    return 0


COMMAND = Command(
    "config",
    "every setting, its value and where it came from; --set KEY=VALUE --write saves",
    _arguments,
    _cmd_config,
)
