"""The `posture calibrate` command: its arguments, the guided capture's words, `--check`'s table."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from calibration import fitting
from calibration import profile_file as profile_store
from calibration.profile import Baseline, Profile, ProfileView
from posture.adapters.camera.preview import Preview, has_display
from posture.app import calibrate as app_calibrate
from posture.app import live as app_live
from posture.app import wiring as app
from posture.app.config import tell_running_monitor
from posture.cli import options
from posture.cli.command import Command
from posture.core.data import Frame, PoseSample, View
from posture.core.errors import UsageError
from posture.core.measure.baseline import UPRIGHT_TRUNK_DEG, forward_from
from posture.core.settings import Settings
from posture.core.words import plural

CheckInputs = tuple[Iterator[tuple[Frame, PoseSample | None]], str, Preview | None]


def _arguments(parser: argparse.ArgumentParser) -> None:
    options.add_source(parser, files=True)
    parser.add_argument(
        "--poke-source",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="frames of a deliberate chin-poke for the optional second step (with --source)",
    )
    parser.add_argument("--chin-poke", action="store_true", help="add the chin-poke step (webcam)")
    options.add_profile(parser)
    parser.add_argument(
        "--check", action="store_true", help="compare what is read now with the profile"
    )
    parser.add_argument(
        "--seconds", type=float, default=3.0, metavar="S", help="capture length (default: 3)"
    )
    parser.add_argument("--no-preview", action="store_true", help="text only, no preview window")
    options.add_model(parser)
    options.add_settings(parser)


def _say(text: str) -> None:
    print(text, flush=True)


def _ask(question: str) -> bool:
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in ("", "y", "yes")


LEVEL_DEG = 3.0
"""A head pitch within this of level while looking at the screen: the camera is at eye height."""


def _camera_height(pitch_deg: float) -> str:
    """Where the camera is, from the head's pitch (positive: chin down) while facing the screen."""
    if abs(pitch_deg) < LEVEL_DEG:
        return "the camera is about level with your eyes"
    where = "above" if pitch_deg > 0 else "below"
    return f"the camera looks at you from about {abs(pitch_deg):.0f} deg {where} your eye line"


def _quality(b: Baseline) -> str:
    """The capture's quality in one line: how steady its readings were, what was dropped."""
    word = "good" if b.spread_deg <= 2.0 else "fair" if b.spread_deg <= 4.0 else "poor"
    dropped = f"; {plural(b.dropped, 'frame')} dropped (a hand, a blink or a glance)"
    return (
        f"quality: {word} (readings within +/-{b.spread_deg:.1f} deg"
        + (dropped if b.dropped else "")
        + ")"
    )


def _describe(profile: Profile, settings: Settings) -> str:
    """What calibration learned, in plain words."""
    b = profile.baseline
    past = settings.past_upright_deg
    lines = [
        f"calibrated on {plural(b.frames, 'frame')} from {profile.camera.describe()}, "
        f"seen from the {profile.view.value}"
        + (f" (turned {b.turn_deg:.0f} deg)" if profile.view is not ProfileView.FRONT else ""),
        f"  sitting tall reads {b.head_forward_deg:.0f} deg: your upright; head forward counts "
        f"from {forward_from(b.head_forward_deg, past):.0f} deg ({past:g} deg past it, "
        "`past_upright_deg`)",
        f"  {_quality(b)}",
    ]
    if b.trunk_deg is not None and b.trunk_deg < UPRIGHT_TRUNK_DEG:
        lean = UPRIGHT_TRUNK_DEG - b.trunk_deg
        lines.insert(
            2,
            f"  your trunk leaned back {lean:.0f} deg more than sitting tall's, which lowers the "
            f"head's reading as much: it read {b.head_forward_deg - lean:.0f} deg, taken as "
            f"{b.head_forward_deg:.0f}",
        )
    if profile.model is not None:
        lines.insert(
            1,
            "  learned: how long your neck and how big your head look to this camera when you "
            "sit tall, so its readings are in your own degrees",
        )
        lines.append(f"  {_camera_height(b.pitch_deg)}")
    if b.reads is View.FRONT:
        lines.append(
            "  your shoulders sitting relaxed: raised shoulders are judged against them"
            if b.ear_shoulder_ratio is not None
            else "  your shoulders were not clearly seen: raised shoulders will not be judged"
        )
    if profile.chin_poke_deg is not None:
        lines.append(f"  your chin-poke reads {profile.chin_poke_deg:.0f} deg: your forward range")
    return "\n".join(lines)


def _cmd_calibrate(args: argparse.Namespace) -> int:
    if not (math.isfinite(args.seconds) and 1.0 <= args.seconds <= 30.0):
        raise UsageError(f"--seconds must be between 1 and 30, got {args.seconds}")
    if args.poke_source and not args.source:
        raise UsageError("--poke-source goes with --source (the webcam uses --chin-poke)")
    if args.check:
        return _calibrate_check(args)
    if args.source:
        profile = app_calibrate.calibrate_files(args.source, args.poke_source, args.model, _say)
    else:
        preview = not args.no_preview and has_display()
        chosen = options.load_settings(args).settings
        camera, network = options.camera(args, chosen), chosen.network_camera
        with app_calibrate.LiveCapture(camera, args.model, preview, _say, network) as live:
            ask = _ask if sys.stdin.isatty() else None
            profile = app_calibrate.calibrate_live(live, args.seconds, args.chin_poke, ask)
    path = app_live.profile_path_for(args.profile, profile.camera)
    backup = profile_store.save(profile, path)
    print(_describe(profile, options.load_settings(args).settings))
    print(f"profile saved: {path}" + (f" (the previous one is kept as {backup})" if backup else ""))
    if args.source and args.profile is None:
        print(_for_recordings(profile, path))
    if tell_running_monitor():
        print("the running monitor reads it now")
    return 0


def _for_recordings(profile: Profile, path: Path) -> str:
    """Where a profile made from files is used: not by the webcam."""
    size = f"{profile.camera.width}x{profile.camera.height}"
    return (
        f"it is the profile for recordings of {size}, not the webcam's (the webcam uses one "
        f"made with `posture calibrate` at the camera): `posture run --source FILE` finds it "
        f"for any recording of {size}, `posture calibrate --check --source FILE` checks it; "
        "to keep it under a name of your own, calibrate with --profile FILE"
    )


def _check_inputs(args: argparse.Namespace, stack: ExitStack) -> CheckInputs:
    """Frames with samples, the camera's name and a preview (webcam with a display only)."""
    if args.source:
        return app.file_frames(args.source, args.model), app_live.CAMERA_FILES, None
    chosen = options.load_settings(args).settings
    camera, network = options.camera(args, chosen), chosen.network_camera
    live = stack.enter_context(app_calibrate.LiveCapture(camera, args.model, False, _say, network))
    show = not args.no_preview and has_display()
    return live.frames(), live.camera.name, stack.enter_context(Preview()) if show else None


def _calibrate_check(args: argparse.Namespace) -> int:
    lines: list[fitting.CheckLine] = []
    profile: Profile | None = None
    last = -math.inf
    with ExitStack() as stack:
        frames, camera_name, preview = _check_inputs(args, stack)
        checked = app_calibrate.check(frames, camera_name, args.profile, preview)
        try:
            for profile, frame, line in checked:  # noqa: B007 (the last profile is used below)
                lines += [line] if line is not None else []
                if frame.t - last < 1.0 and frame.t > last:
                    continue  # a row a second of video; every still
                if last == -math.inf:
                    print("   time  reads deg            size  moved  pitch change")
                last = frame.t
                print(_check_row(frame.t, line), flush=True)
        except KeyboardInterrupt:
            pass  # Ctrl-C ends a live check; the advice still follows
    if profile is not None:
        past = options.load_settings(args).settings.past_upright_deg
        for note in fitting.advice(lines, profile, past):
            print(note)
    return 0


def _check_row(t: float, line: fitting.CheckLine | None) -> str:
    if line is None:
        return f"{t:7.1f}  no one in view"
    angle = "-" if line.head_forward_deg is None else f"{line.head_forward_deg:.1f}"
    other = "  (seen from another side)" if line.view_changed else ""
    return (
        f"{t:7.1f}  {angle:>9}  {line.size_change:+13.0%}  "
        f"{line.shift:5.0%}  {line.pitch_change_deg:+8.1f} deg{other}"
    )


COMMAND = Command(
    "calibrate",
    "learn how you sit tall (front, three-quarter or side): forward counts from your upright",
    _arguments,
    _cmd_calibrate,
    description=(
        "Guided calibration: sit tall and look at the middle of the screen during a short "
        "capture; optionally poke your chin forward in a second step. The camera may see you "
        "from the front, three-quarter or the side. Makes a profile for this camera: forward "
        "head then counts from past_upright_deg beyond your own upright. With --check, shows "
        "what is read now against it and whether the view still matches."
    ),
)
