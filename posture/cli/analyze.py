"""`posture analyze`: head-forward angle and head orientation of images, videos and folders,
as a table with a summary or as JSON lines."""

from __future__ import annotations

import argparse
import itertools
import json
import math
from collections.abc import Iterable
from pathlib import Path

from posture.app import calibrate as app_calibrate
from posture.app import wiring as app
from posture.app.calibrate import FrontSetup
from posture.app.wiring import FrameReading
from posture.cli import options
from posture.cli.command import Command, printable
from posture.core.data import Reading, View
from posture.core.errors import PostureError
from posture.core.measure import metrics
from posture.core.measure.baseline import trunk_posture
from posture.core.measure.shoulders import shoulders_raised
from posture.core.measure.summary import Summary, summarize
from posture.core.settings import Settings
from posture.core.words import plural


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="an image, a video, or a folder of images",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per line on stdout (frames, then a summary)",
    )
    options.add_model(parser)
    parser.add_argument(
        "--threshold",
        type=float,
        metavar="DEG",
        default=None,
        help="head-forward angle counted as 'forward' in either view (default: each view's own, "
        "as the monitor judges without a calibration: forward_threshold_deg from the front, "
        "side_threshold_deg from the side)",
    )
    options.add_profile(parser, files=True)


def _fmt(value: float | None, width: int = 6, digits: int = 1) -> str:
    return f"{value:{width}.{digits}f}" if value is not None else " " * (width - 1) + "-"


def _yes_no(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "no")


_FIELDS = "present  view   fwd deg  forward   yaw  pitch   roll  conf"
_VIDEO_HEADER = f"  frame     t s  {_FIELDS}"
_STILLS_HEADER = f"{_FIELDS}  image"


Thresholds = tuple[float, float]
"""(front, side): the angle past which a reading of each view is forward."""


def _forward(r: Reading, thresholds: Thresholds) -> bool | None:
    return metrics.is_forward(r, thresholds[1] if r.view is View.SIDE else thresholds[0])


def _fields(item: FrameReading, threshold: Thresholds) -> str:
    r = item.reading
    view = r.view.value if r.view else "-"
    return (
        f"{_yes_no(r.present):7s}  {view:5s}  "
        f"{_fmt(r.head_forward_deg, 7)}  {_yes_no(_forward(r, threshold)):7s}"
        f"{_fmt(r.yaw_deg)} {_fmt(r.pitch_deg)} {_fmt(r.roll_deg)}  {r.confidence:4.2f}"
    )


def _row(item: FrameReading, threshold: Thresholds) -> str:
    """A video's row starts with the frame and its time; a still's ends with its file name."""
    if item.timed:
        return f"{item.frame:7d} {item.reading.t:8.2f}  {_fields(item, threshold)}"
    return f"{_fields(item, threshold)}  {printable(Path(item.source).name)}"


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
        side = s.side_threshold_deg
        at = f"{s.threshold_deg:g} deg" + (
            f" front, {side:g} side" if side is not None and side != s.threshold_deg else ""
        )
        lines.append(f"  forward (> {at}): {forward} ({fs:.0%})")
    for name, spread in (("yaw", s.yaw), ("pitch", s.pitch), ("roll", s.roll)):
        if spread is not None:
            lines.append(
                f"  {name}: {spread.low:.1f} to {spread.high:.1f} deg (median {spread.median:.1f})"
            )
    return "\n".join(lines)


def _frame_json(item: FrameReading, threshold: Thresholds, front: FrontSetup) -> dict[str, object]:
    """A frame's JSON line; with a profile, `shoulders_raised` (null: not judged here, or the
    profile has no relaxed shoulder height)."""
    r = item.reading
    measured = r.ear_shoulder_ratio is not None
    shoulders: dict[str, object] = {
        "ear_shoulder_ratio": r.ear_shoulder_ratio,
        "shoulder_confidence": r.shoulder_confidence if measured else None,
    }
    if front.profiled:
        drop = Settings().shoulders_drop
        shoulders["shoulders_raised"] = shoulders_raised(r, front.relaxed, drop)
    return {
        "type": "frame",
        "source": item.source,
        "frame": item.frame,
        "t": round(r.t, 3) if item.timed else None,
        "present": r.present,
        "view": r.view.value if r.view else None,
        "head_forward_deg": r.head_forward_deg,
        "forward": _forward(r, threshold),
        "yaw_deg": r.yaw_deg,
        "pitch_deg": r.pitch_deg,
        "roll_deg": r.roll_deg,
        "confidence": r.confidence,
        "limit": r.limit.value if r.limit else None,
        "trunk_deg": r.trunk_deg,
        "trunk": trunk_posture(r.trunk_deg),
        **shoulders,
    }


def _print_input(
    name: str,
    items: Iterable[FrameReading],
    threshold: Thresholds,
    as_json: bool,
    front: FrontSetup,
) -> None:
    """One input's frames (a row a second of a video; every still) and its summary."""
    readings = []
    last_second = -math.inf
    for item in items:
        readings.append(item.reading)
        if as_json:
            print(json.dumps(_frame_json(item, threshold, front)), flush=False)
            continue
        if not readings[1:]:
            print(f"{printable(name)}\n{_VIDEO_HEADER if item.timed else _STILLS_HEADER}")
        if not item.timed or math.floor(item.reading.t) > last_second:
            last_second = math.floor(item.reading.t)
            print(_row(item, threshold))
    summary = summarize(name, readings, *threshold)
    profile = front.origin
    if as_json:
        print(json.dumps({**summary.as_dict(), "profile": None if profile == "none" else profile}))
    else:
        print(f"{_summary_text(summary)}\n  profile: {profile}\n")


def _cmd_analyze(args: argparse.Namespace) -> int:
    given = args.threshold
    if given is not None and (not math.isfinite(given) or not 0.0 <= given <= 90.0):
        raise PostureError(f"--threshold must be between 0 and 90 degrees, got {given}")
    defaults = Settings()
    thresholds = (
        (given, given)
        if given is not None
        else (defaults.forward_threshold_deg, defaults.side_threshold_deg)
    )
    front = app_calibrate.front_setup(args.profile)
    items = app.analyze(list(args.paths), args.model, front.estimator, front.check)
    for index, group in itertools.groupby(items, key=lambda item: item.input_index):
        _print_input(str(args.paths[index]), group, thresholds, args.json, front)
    return 0


COMMAND = Command(
    "analyze",
    "head-forward angle and head orientation, frame by frame",
    _arguments,
    _cmd_analyze,
)
