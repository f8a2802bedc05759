"""The loops `benchmarks/run_cpu.py` measures, each on the stand-in desk webcam in real time."""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from benchmarks.desk_recording import FPS, PLANS, DeskWebcam
from posture.adapters.camera.feeds import RealClock
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.notify.notifier import TerminalNotifier
from posture.adapters.store.store import Store
from posture.app.loop import Loop, Parts
from posture.core.data import Frame
from posture.core.measure import metrics
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.events import Event, Status
from posture.core.monitor.monitor import Monitor
from posture.core.ports import Listener, Seen
from posture.core.sensing.sampling import Why
from posture.core.settings import Settings
from posture.core.stretches.cues import Cue

CpuClock = Callable[[], float]


class Quiet:
    """A sink that shows nothing."""

    def events(self, events: list[Event], wall_of: Callable[[float], float]) -> None: ...

    def status(self, status: Status) -> None: ...

    def cue(self, cue: Cue) -> None: ...


class Marks(Listener):
    """Counts readings and model readings; notes the CPU time at the first reading and, with
    the counts, at the first one after the warm-up."""

    def __init__(self, cpu: CpuClock, warmup: float) -> None:
        self.cpu, self.warmup = cpu, warmup
        self.estimates: Callable[[], int] = lambda: self.readings
        self.first: float | None = None
        self.steady: tuple[float, float, int, int] | None = None
        """Wall and CPU time, readings and model readings at the warm-up."""
        self.readings = 0
        self.missed = 0
        """Webcam frames the naive loop had no time for."""
        self.why: Callable[[], Counter[Why]] = Counter
        """Why the model looked again, so far (the loop's sampler); at the warm-up below."""
        self.why_steady: Counter[Why] = Counter()
        self.bursts: Callable[[], int] = lambda: 0
        """The bursts' model readings so far; at the warm-up below."""
        self.bursts_steady = 0

    def reading(self, seen: Seen) -> None:
        self.readings += 1
        if self.first is None:
            self.first = self.cpu()
        elif self.steady is None and seen.reading.t >= self.warmup:
            self.steady = (time.monotonic(), self.cpu(), self.readings, self.estimates())
            self.missed, self.why_steady = 0, Counter(self.why())
            self.bursts_steady = self.bursts()


def run_loop(
    loop: str,
    recording: Path,
    model: Path,
    seconds: float,
    warmup: float,
    cpu: CpuClock,
    plan: str = "calm",
) -> dict[str, object]:
    """Run one loop on the recording played by `plan`; start-up and steady-state figures."""
    before = cpu()
    with PoseEstimator(model, sequence=True) as pose:
        loaded = cpu()
        clock = RealClock()
        camera = DeskWebcam(recording, clock.now, PLANS[plan])
        if loop == "naive":
            marks = naive(camera, clock, pose, seconds, warmup, cpu)
        else:
            marks = monitor(loop, camera, clock, pose, seconds, warmup, cpu)
        end_wall, end_cpu = time.monotonic(), cpu()
    assert marks.first is not None and marks.steady is not None
    wall0, cpu0, readings0, estimates0 = marks.steady
    minutes = (end_wall - wall0) / 60.0
    why = {w.name.lower(): count for w, count in (marks.why() - marks.why_steady).items()}
    if marks.bursts() > marks.bursts_steady:
        why["burst"] = marks.bursts() - marks.bursts_steady
    return {
        "model_load_cpu_s": round(loaded - before, 2),
        "first_reading_cpu_s": round(marks.first - loaded, 2),
        "startup_cpu_s": round(marks.first, 2),
        "steady_seconds": round(end_wall - wall0, 1),
        "steady_cpu_percent": round(100.0 * (end_cpu - cpu0) / (end_wall - wall0), 2),
        "model_per_min": round((marks.estimates() - estimates0) / minutes, 1),
        "readings_per_min": round((marks.readings - readings0) / minutes, 1),
        "frames_missed_per_min": round(marks.missed / minutes, 1),
        "why_per_min": {name: round(count / minutes, 1) for name, count in why.items()},
    }


def monitor(
    loop: str,
    camera: DeskWebcam,
    clock: RealClock,
    pose: PoseEstimator,
    seconds: float,
    warmup: float,
    cpu: CpuClock,
) -> Marks:
    """The real loop (`posture run`'s parts, history in a temporary folder)."""
    settings = {"every-second": Settings(refresh_s=1.0), "no-bursts": Settings(burst_hz=0.0)}.get(
        loop, Settings()
    )
    marks = Marks(cpu, warmup)
    with (
        tempfile.TemporaryDirectory() as folder,
        Store(Path(folder) / "h.db", time.monotonic) as store,
        open(os.devnull, "w") as devnull,
    ):
        store.start_session(time.time(), camera.name, {})
        parts = Parts(camera, pose, FrontalEstimator(), store, TerminalNotifier(devnull), Quiet())
        run = Loop(parts, settings, Monitor(settings), clock, lambda t: time.time())
        run.subscribe(marks)
        marks.estimates = lambda: run.estimates
        marks.why = lambda: run.sampler.why
        marks.bursts = lambda: run.sharp.burst_readings
        run.run(seconds)
        camera.close()
    return marks


def naive(
    camera: DeskWebcam,
    clock: RealClock,
    pose: PoseEstimator,
    seconds: float,
    warmup: float,
    cpu: CpuClock,
) -> Marks:
    """Every frame the webcam delivers goes through the model, as simple monitors do: the newest
    frame as soon as the last one is read; a frame that came and went while the model was busy
    (the machine gives the process less than a core) is counted as missed."""
    front, last, marks = FrontalEstimator(), -1, Marks(cpu, warmup)
    while clock.now() < seconds:
        index = int(clock.now() * FPS)
        if index == last:
            clock.sleep_until((index + 1) / FPS)
            continue
        marks.missed += max(index - last - 1, 0) if last >= 0 else 0
        last = index
        t = clock.now()
        shot = camera.frame(t)
        sample = pose.estimate(Frame(shot.rgb(), t, index))
        reading = metrics.read(sample, t, front)
        marks.reading(Seen(shot, sample, reading, None))  # type: ignore[arg-type]
    camera.close()
    return marks
