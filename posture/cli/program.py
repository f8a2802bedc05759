"""The `posture` command line: parses arguments, calls the wiring in app.py, prints results.

Every error the project knows about ends here as one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import logging
import math
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO, cast

from posture import __version__
from posture.adapters import modelstore, paths
from posture.app import calibrate as app_calibrate
from posture.app import wiring as app
from posture.app.wiring import FrameReading
from posture.cli import calibrate as cli_calibrate
from posture.cli import report as cli_report
from posture.cli import run as cli_run
from posture.cli import stretch as cli_stretch
from posture.core import metrics
from posture.core.errors import PostureError
from posture.core.summary import Summary, summarize
from posture.core.words import plural

EXIT_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line, not a usage block."""

    def error(self, message: str) -> NoReturn:
        shown = error_line(Exception(message))
        self.exit(EXIT_ERROR, f"posture: error: {shown} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="posture", description="Webcam posture monitor.")
    parser.add_argument("--version", action="version", version=f"posture {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    analyze = commands.add_parser(
        "analyze", help="head-forward angle and head orientation, frame by frame"
    )
    analyze.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="an image, a video, or a folder of images",
    )
    analyze.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per line on stdout (frames, then a summary)",
    )
    analyze.add_argument("--model", metavar="FILE", help="pose model .task file to use")
    analyze.add_argument(
        "--threshold",
        type=float,
        metavar="DEG",
        default=metrics.DEFAULT_FORWARD_THRESHOLD_DEG,
        help="head-forward angle counted as 'forward' (default: %(default)s)",
    )
    analyze.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        help="calibration profile for frontal frames (default: none, population figures)",
    )
    analyze.set_defaults(handler=_cmd_analyze)

    cli_calibrate.add_parser(commands)
    cli_run.add_parsers(commands)
    cli_stretch.add_parser(commands)
    cli_report.add_parsers(commands)

    model = commands.add_parser("model", help="which pose model is used; `model fetch` downloads")
    model.add_argument("action", nargs="?", choices=["fetch"], help="download a model")
    model.add_argument(
        "variant",
        nargs="?",
        choices=sorted(modelstore.MODELS),
        default=modelstore.DEFAULT_VARIANT,
        help="which official model to fetch (default: %(default)s)",
    )
    model.add_argument("--model", metavar="FILE", help="a model file to check instead")
    model.set_defaults(handler=_cmd_model)
    return parser


def _fmt(value: float | None, width: int = 6, digits: int = 1) -> str:
    return f"{value:{width}.{digits}f}" if value is not None else " " * (width - 1) + "-"


def _yes_no(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "no")


_HEADER = "  frame     t s  present  view   fwd deg  forward   yaw  pitch   roll  conf"


def _row(item: FrameReading, threshold: float) -> str:
    r = item.reading
    view = r.view.value if r.view else "-"
    return (
        f"{item.frame:7d} {r.t:8.2f}  {_yes_no(r.present):7s}  {view:5s}  "
        f"{_fmt(r.head_forward_deg, 7)}  {_yes_no(metrics.is_forward(r, threshold)):7s}"
        f"{_fmt(r.yaw_deg)} {_fmt(r.pitch_deg)} {_fmt(r.roll_deg)}  {r.confidence:4.2f}"
    )


def _summary_text(s: Summary) -> str:
    share = f"{s.present_frames / s.frames:.0%}" if s.frames else "-"
    lines = [
        f"summary: {plural(s.frames, 'frame')}, a person present in {s.present_frames} ({share})"
    ]
    if s.views:
        lines.append("  view: " + ", ".join(f"{k} {v}" for k, v in sorted(s.views.items())))
    if s.head_forward is not None:
        hf = s.head_forward
        lines.append(
            f"  head forward: median {hf.median:.1f} deg, 90th percentile {hf.p90:.1f} deg, "
            f"range {hf.low:.1f} to {hf.high:.1f} deg"
        )
        fs = s.forward_share or 0.0
        forward = plural(s.forward_frames, "frame")
        lines.append(f"  forward (> {s.threshold_deg:g} deg): {forward} ({fs:.0%})")
    for name, spread in (("yaw", s.yaw), ("pitch", s.pitch), ("roll", s.roll)):
        if spread is not None:
            lines.append(
                f"  {name}: {spread.low:.1f} to {spread.high:.1f} deg (median {spread.median:.1f})"
            )
    return "\n".join(lines)


def _frame_json(item: FrameReading, threshold: float) -> dict[str, object]:
    r = item.reading
    return {
        "type": "frame",
        "source": item.source,
        "frame": item.frame,
        "t": round(r.t, 3),
        "present": r.present,
        "view": r.view.value if r.view else None,
        "head_forward_deg": r.head_forward_deg,
        "forward": metrics.is_forward(r, threshold),
        "yaw_deg": r.yaw_deg,
        "pitch_deg": r.pitch_deg,
        "roll_deg": r.roll_deg,
        "confidence": r.confidence,
    }


def _print_input(
    items: Iterable[FrameReading], threshold: float, as_json: bool, profile: str
) -> None:
    readings = []
    source = ""
    last_second = -math.inf
    for item in items:
        source = item.source
        readings.append(item.reading)
        if as_json:
            print(json.dumps(_frame_json(item, threshold)), flush=False)
            continue
        if not readings[1:]:
            print(f"{printable(source)}\n{_HEADER}")
        # Long inputs: one row per second of footage; stills: every frame.
        if math.floor(item.reading.t) > last_second:
            last_second = math.floor(item.reading.t)
            print(_row(item, threshold))
    summary = summarize(source, readings, threshold)
    if as_json:
        print(json.dumps({**summary.as_dict(), "profile": None if profile == "none" else profile}))
    else:
        print(f"{_summary_text(summary)}\n  profile: {profile}\n")


def _cmd_analyze(args: argparse.Namespace) -> int:
    if not math.isfinite(args.threshold) or not 0.0 <= args.threshold <= 90.0:
        raise PostureError(f"--threshold must be between 0 and 90 degrees, got {args.threshold}")
    front = app_calibrate.front_setup(args.profile)
    items = app.analyze(list(args.paths), args.model, front.estimator, front.check)
    for _, group in itertools.groupby(items, key=lambda item: item.input_index):
        _print_input(group, args.threshold, args.json, front.origin)
    return 0


def _cmd_model(args: argparse.Namespace) -> int:
    if args.action == "fetch":
        path = app.fetch_model(args.variant)
        print(f"{args.variant} model ready: {path}")
        return 0
    try:
        model = modelstore.resolve(args.model, paths.cache_dir(), download=False)
    except PostureError as exc:
        print(f"model: none available: {exc}")
        return 1
    print(f"model: {model.path}\nfrom: {model.origin.value}")
    return 0


def printable(text: str) -> str:
    """Text safe for the terminal: control characters (a newline, a terminal escape in a file
    name) are shown escaped, so they can neither spill onto another line nor act."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


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
