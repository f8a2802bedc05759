"""Which clock to trust: one rule for carrying timers, retention, commands and sleeps. Pure.

Clocks lie. The wall clock can be set ahead or back (a dead RTC battery, a wrong time zone, a
person testing), and on Linux the monotonic clock stops while the machine sleeps. So:

* A stored time later than now says nothing about how long ago it was: the wall clock was ahead
  then or has stepped back since. Timers are carried only across a gap that can be measured
  (`gap_s`); a record from "the future" is never read as "just now".
* Data is destroyed (retention) only by a "now" that something vouches for (`vouched_now`): the
  wall clock, but never further past the newest record stored before this run than this run's
  own monotonic seconds. A clock that is a year ahead drops nothing; a real long absence delays
  retention by one session, never loses data.
* Commands from other terminals are ordered by their arrival (the command file changing), not by
  the wall-clock time written in them, so a clock that stepped back cannot hide a new command.
* A sleep is seen by comparing clocks across one step (`slept_s`): time the boot clock (or,
  where there is none, the wall clock) moved on beyond the monotonic clock is time the machine
  slept, and it is added to the loop's timeline so a long one is a break.
"""

from __future__ import annotations

TOLERANCE_S = 5.0
"""Clock corrections smaller than this (NTP slews, file-time rounding) are not a step."""
SLEEP_MIN_S = 2.0
"""A difference between clocks over one step smaller than this is scheduling noise, not a sleep."""


def gap_s(stored_utc: float, now_utc: float) -> float | None:
    """Seconds from a stored time to now; None when the stored time is later than now (beyond
    TOLERANCE_S), so the gap cannot be known."""
    if stored_utc > now_utc + TOLERANCE_S:
        return None
    return max(now_utc - stored_utc, 0.0)


def vouched_now(wall_utc: float, newest_stored_utc: float | None, elapsed_s: float) -> float:
    """The latest time that may decide what is old enough to destroy: the wall clock, but no
    later than the newest record stored before this run plus the run's monotonic `elapsed_s`
    (no bound for a history with nothing stored before)."""
    if newest_stored_utc is None:
        return wall_utc
    return min(wall_utc, newest_stored_utc + max(elapsed_s, 0.0) + TOLERANCE_S)


def slept_s(mono_step_s: float, boot_step_s: float | None, wall_step_s: float) -> float:
    """Seconds the machine slept during one step of the monotonic clock.

    `boot_step_s` is the step of a clock that keeps counting through a sleep (Linux's
    CLOCK_BOOTTIME); it alone decides where there is one, so a wall clock set ahead is never
    taken for a sleep. Elsewhere the wall clock's step beyond the monotonic one is the sleep.
    """
    reference = wall_step_s if boot_step_s is None else boot_step_s
    extra = reference - max(mono_step_s, 0.0)
    return extra if extra >= SLEEP_MIN_S else 0.0
