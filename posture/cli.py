"""The `posture` command line: parses arguments, calls the wiring in app.py, prints results.

Every error the project knows about ends here as one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import math
import os
import sys
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import NoReturn

from calibration import fitting
from calibration import profile as profile_store
from calibration.profile import Profile
from posture import __version__, app, metrics, modelstore, paths
from posture.app import FrameReading
from posture.errors import PostureError, UsageError
from posture.preview import Preview, has_display
from posture.summary import Summary, summarize

EXIT_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line, not a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"posture: error: {message} (see `{self.prog} --help`)\n")


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

    cal = commands.add_parser(
        "calibrate",
        help="learn how you sit tall, so frontal readings are in your own degrees",
        description=(
            "Guided calibration: sit tall and look at the middle of the screen during a short "
            "capture; optionally poke your chin forward in a second step. Makes a profile for "
            "this camera. With --check, shows what the estimator reads now against it."
        ),
    )
    where = cal.add_mutually_exclusive_group()
    where.add_argument("--camera", default="0", metavar="N|PATH", help="webcam (default: 0)")
    where.add_argument(
        "--source",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="calibrate from recordings, images or folders instead of the webcam",
    )
    cal.add_argument(
        "--poke-source",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="frames of a deliberate chin-poke for the optional second step (with --source)",
    )
    cal.add_argument("--chin-poke", action="store_true", help="add the chin-poke step (webcam)")
    cal.add_argument("--profile", type=Path, metavar="FILE", help="profile file to write or check")
    cal.add_argument(
        "--check", action="store_true", help="compare what is read now with the profile"
    )
    cal.add_argument(
        "--seconds", type=float, default=3.0, metavar="S", help="capture length (default: 3)"
    )
    cal.add_argument("--no-preview", action="store_true", help="text only, no preview window")
    cal.add_argument("--model", metavar="FILE", help="pose model .task file to use")
    cal.set_defaults(handler=_cmd_calibrate)

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


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _summary_text(s: Summary) -> str:
    share = f"{s.present_frames / s.frames:.0%}" if s.frames else "-"
    lines = [
        f"summary: {_count(s.frames, 'frame')}, a person present in {s.present_frames} ({share})"
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
        forward = _count(s.forward_frames, "frame")
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
            print(f"{source}\n{_HEADER}")
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
    front = app.front_setup(args.profile)
    items = app.analyze(list(args.paths), args.model, front.estimator, front.check)
    for _, group in itertools.groupby(items, key=lambda item: item.input_index):
        _print_input(group, args.threshold, args.json, front.origin)
    return 0


def _say(text: str) -> None:
    print(text, flush=True)


def _ask(question: str) -> bool:
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in ("", "y", "yes")


def _describe(profile: Profile) -> str:
    b, m = profile.baseline, profile.model
    where = "above" if b.pitch_deg >= 0 else "below"
    lines = [
        f"calibrated on {_count(b.frames, 'frame')} from {profile.camera.describe()}",
        f"  sitting tall reads {profile.upright_deg:.0f} deg (the reference posture)",
        f"  neck {m.neck_ratio:.2f} and head {m.head_ratio:.2f} shoulder widths; "
        f"the camera is {abs(b.pitch_deg):.0f} deg {where} your ears",
    ]
    if profile.chin_poke_deg is not None:
        lines.append(f"  your chin-poke reads {profile.chin_poke_deg:.0f} deg")
    return "\n".join(lines)


def _cmd_calibrate(args: argparse.Namespace) -> int:
    if not (math.isfinite(args.seconds) and 1.0 <= args.seconds <= 30.0):
        raise UsageError(f"--seconds must be between 1 and 30, got {args.seconds}")
    if args.poke_source and not args.source:
        raise UsageError("--poke-source goes with --source (the webcam uses --chin-poke)")
    if args.check:
        return _calibrate_check(args)
    if args.source:
        profile = app.calibrate_files(args.source, args.poke_source, args.model)
    else:
        preview = not args.no_preview and has_display()
        with app.LiveCapture(args.camera, args.model, preview, _say) as live:
            ask = _ask if sys.stdin.isatty() else None
            profile = app.calibrate_live(live, args.seconds, args.chin_poke, ask)
    path = app.profile_path_for(args.profile, profile.camera)
    backup = profile_store.save(profile, path)
    print(_describe(profile))
    print(f"profile saved: {path}" + (f" (the previous one is kept as {backup})" if backup else ""))
    return 0


def _calibrate_check(args: argparse.Namespace) -> int:
    lines: list[fitting.CheckLine] = []
    profile: Profile | None = None
    with ExitStack() as stack:
        if args.source:
            frames = app.file_frames(args.source, args.model)
            camera_name, preview = app.CAMERA_FILES, None
        else:
            live = stack.enter_context(app.LiveCapture(args.camera, args.model, False, _say))
            frames, camera_name, preview = live.frames(), live.camera.name, None
            preview = (
                stack.enter_context(Preview()) if not args.no_preview and has_display() else None
            )
        last = -math.inf
        try:
            for current, frame, line in app.check(frames, camera_name, args.profile, preview):
                profile = current
                if line is not None:
                    lines.append(line)
                if frame.t - last >= 1.0 or frame.t <= last:  # once a second; every still
                    if last == -math.inf:
                        print("   time  reads deg  shoulder width  moved  pitch change")
                    last = frame.t
                    print(_check_row(frame.t, line), flush=True)
        except KeyboardInterrupt:
            pass
    if profile is not None:
        for note in fitting.advice(lines, profile.upright_deg):
            print(note)
    return 0


def _check_row(t: float, line: fitting.CheckLine | None) -> str:
    if line is None:
        return f"{t:7.1f}  no one in view (or not facing the camera)"
    return (
        f"{t:7.1f}  {line.head_forward_deg:9.1f}  {line.size_change:+13.0%}  "
        f"{line.shift:5.0%}  {line.pitch_change_deg:+8.1f} deg"
    )


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


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="posture: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except PostureError as exc:
        print(f"posture: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("posture: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`posture analyze ... | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
