"""The power source as psutil reports it (the system's answer is the edge faked here)."""

from __future__ import annotations

from collections import namedtuple

import psutil
import pytest

from posture.adapters.system import power
from posture.adapters.system.power import CHECK_EVERY_S, Battery

Reported = namedtuple("Reported", "percent secsleft power_plugged")


class Answers:
    """What the system says, one answer per question, and how often it was asked."""

    def __init__(self, *answers: object) -> None:
        self.answers, self.asked = list(answers), 0

    def __call__(self) -> object:
        self.asked += 1
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer


@pytest.mark.parametrize(
    ("answer", "on"),
    [
        (Reported(50.0, 3600, False), True),
        (Reported(50.0, 3600, True), False),
        (Reported(50.0, 3600, None), False),  # the system cannot tell
        (None, False),  # no battery: a desktop
        (RuntimeError("no power supply class"), False),
    ],
)
def test_on_battery_only_when_the_system_says_unplugged(
    monkeypatch: pytest.MonkeyPatch, answer: object, on: bool
) -> None:
    monkeypatch.setattr(psutil, "sensors_battery", Answers(answer))
    assert Battery(lambda: 0.0).on_battery() is on


def test_the_system_is_asked_at_most_once_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = Answers(Reported(80.0, 100, True), Reported(79.0, 100, False))
    monkeypatch.setattr(power.psutil, "sensors_battery", answers)
    now = [0.0]
    battery = Battery(lambda: now[0])
    assert battery.on_battery() is False
    now[0] = CHECK_EVERY_S - 1
    assert battery.on_battery() is False and answers.asked == 1
    now[0] = CHECK_EVERY_S
    assert battery.on_battery() is True and answers.asked == 2
