"""The `posture` command line: the table of commands, the parser built from it, and `main`.

A command's module is imported only when that command runs (or shows its own help), so `posture
--help`, `pause`, `resume` and `config` start without OpenCV, MediaPipe or numpy. Every error the
project knows about ends here as one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import importlib
import logging
import os
import re
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, TextIO, cast

from posture import __version__
from posture.cli.command import Command, printable
from posture.core.errors import PostureError

EXIT_ERROR = 2


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of `COMMANDS`: what `posture --help` lists, and where the `Command` lives
    (`posture.cli.MODULE`, attribute `attr`), imported only when that command is used."""

    name: str
    help: str
    module: str
    attr: str = "COMMAND"

    def load(self) -> Command:
        """The command itself (imports its module, with whatever that module needs)."""
        command = getattr(importlib.import_module(f"posture.cli.{self.module}"), self.attr)
        return cast(Command, command)


COMMANDS: tuple[Entry, ...] = (
    Entry("analyze", "head-forward angle and head orientation, frame by frame", "analyze"),
    Entry(
        "calibrate",
        "learn how you sit tall (front, three-quarter or side): forward counts from your upright",
        "calibrate",
    ),
    Entry(
        "run",
        "watch through the webcam and warn about forward head, still neck, sitting, shoulders "
        "raised",
        "run",
    ),
    Entry(
        "config",
        "every setting, its value and where it came from; --set KEY=VALUE --write saves",
        "config",
    ),
    Entry(
        "pause",
        "pause the running monitor (default: 30m; a bare number is minutes)",
        "control",
        "PAUSE",
    ),
    Entry("resume", "resume a paused monitor", "control", "RESUME"),
    Entry("status", "what the running monitor is doing now", "status"),
    Entry("autostart", "start the monitor when you log in (on, off, status)", "autostart"),
    Entry(
        "stretch",
        "a guided stretch from the texts, checked by the camera where it can see it",
        "stretch",
    ),
    Entry("report", "daily and weekly summaries of your history", "report"),
    Entry(
        "history",
        "where your history is; export it, bring its daily figures up to date, delete it",
        "history",
    ),
    Entry(
        "demo", "a simulated workday, monitored and reported: the product without a camera", "demo"
    ),
    Entry("model", "which pose model is used; `model fetch` downloads", "model"),
    Entry("paths", "every file and folder posture keeps, whether it exists and its size", "paths"),
    Entry(
        "setup",
        "the first-run guide: camera, calibration, what to warn about, start at login",
        "setup",
    ),
    Entry(
        "desktop-entry",
        "posture in the applications menu, with its icon (on, off, status)",
        "desktop_entry",
    ),
    Entry(
        "diary",
        "note how your neck feels (0-10 and a word), or see your last two weeks of notes",
        "diary",
    ),
)
"""Every command, in the order `posture --help` lists them."""


_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*)' \(choose from (.*)\)$")


class _Help(argparse.HelpFormatter):
    """Help text wrapped between words only: a path or a flag is never broken at a hyphen."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        words = " ".join(text.split())
        return textwrap.wrap(words, width, break_on_hyphens=False, break_long_words=False)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line, not a usage block; a mistyped choice (a
    command, an action) gets the nearest one as a suggestion; help wraps between words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Help)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        found = _INVALID_CHOICE.search(message)
        if found:
            given = found.group(1)
            choices = re.findall(r"'([^']*)'", found.group(2))
            near = difflib.get_close_matches(given, choices, n=1, cutoff=0.5)
            what = "command" if message.startswith("argument COMMAND") else "choice"
            message = f"no {what} '{given}'" + (
                f": did you mean {near[0]}?" if near else f" (one of {', '.join(choices)})"
            )
        shown = error_line(Exception(message))
        self.exit(EXIT_ERROR, f"posture: error: {shown} (see `{self.prog} --help`)\n")


class _CommandParser(_Parser):
    """A subcommand's parser: its arguments, description and handler are filled in from its
    `Entry` only when it parses (the command was chosen), not when `posture --help` lists it."""

    def __init__(self, *args: Any, entry: Entry, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry: Entry | None = entry

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        if self.entry is not None:
            command = self.entry.load()
            self.entry = None
            self.description = command.description
            command.add_arguments(self)
            self.set_defaults(handler=command.handler)
        return super().parse_known_args(*args, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    """The parser for `posture` with a subcommand for each entry of `COMMANDS`."""
    parser = _Parser(prog="posture", description="Webcam posture monitor.")
    parser.add_argument("-V", "--version", action="version", version=f"posture {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    commands.required = True
    for entry in COMMANDS:
        commands.add_parser(entry.name, help=entry.help, entry=entry)
    parser.set_defaults(subparsers=commands.choices)
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments; a word left over is the chosen command's mistake, so its own help is
    the one pointed at (`posture report --week 3`: see `posture report --help`)."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        chosen = args.subparsers.get(args.command, parser)
        chosen.error(f"unrecognized arguments: {' '.join(extra)}")
    del args.subparsers
    return args


def error_line(exc: BaseException) -> str:
    """An error message on one line (see `printable`)."""
    return printable(str(exc))


class _Output:
    """Standard output that remembers a failed write, so `main` can tell an output error (a full
    disk, a closed pipe) from a bug."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.failed = False

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except OSError:
            self.failed = True
            raise

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError:
            self.failed = True
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _drop_stdout() -> None:
    """Send whatever is left in stdout's buffer to the null device, so the interpreter's final
    flush does not fail again ("Exception ignored ... BrokenPipeError")."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="posture: %(message)s")
    try:  # help texts name posture's folders: one it may not use is said here
        if not (sys.argv[1:] if argv is None else argv):  # `posture` alone: what it can do
            print(build_parser().format_help(), end="")
            return 0
        args = parse(argv)
    except PostureError as exc:
        print(f"posture: error: {error_line(exc)}", file=sys.stderr)
        return EXIT_ERROR
    out = _Output(sys.stdout)
    try:
        with contextlib.redirect_stdout(cast(TextIO, out)):
            code = int(args.handler(args))
            sys.stdout.flush()  # a write error shows here, not at the interpreter's exit
        return code
    except PostureError as exc:
        print(f"posture: error: {error_line(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("posture: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        if not out.failed:
            raise  # not the output: a real bug, shown in full
        _drop_stdout()
        if isinstance(exc, BrokenPipeError):
            return 0  # the reader went away (`posture analyze ... | head`): stop quietly
        print(f"posture: error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
