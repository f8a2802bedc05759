"""The `posture` command line: the table of commands, the parser built from it, and `main`.

Every error the project knows about ends here as one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO, cast

from posture import __version__
from posture.cli import (
    analyze,
    calibrate,
    config,
    control,
    demo,
    model,
    paths,
    report,
    run,
    stretch,
)
from posture.cli.command import Command, printable
from posture.core.errors import PostureError

EXIT_ERROR = 2

COMMANDS: tuple[Command, ...] = (
    analyze.COMMAND,
    calibrate.COMMAND,
    run.COMMAND,
    config.COMMAND,
    control.PAUSE,
    control.RESUME,
    stretch.COMMAND,
    report.COMMAND,
    demo.COMMAND,
    model.COMMAND,
    paths.COMMAND,
)
"""Every command, in the order `posture --help` lists them."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line, not a usage block."""

    def error(self, message: str) -> NoReturn:
        shown = error_line(Exception(message))
        self.exit(EXIT_ERROR, f"posture: error: {shown} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser for `posture` with a subcommand for each entry of `COMMANDS`."""
    parser = _Parser(prog="posture", description="Webcam posture monitor.")
    parser.add_argument("-V", "--version", action="version", version=f"posture {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.description)
        command.add_arguments(sub)
        sub.set_defaults(handler=command.handler)
    return parser


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
    args = build_parser().parse_args(argv)
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
