"""Words for the user: durations and counts, said the same way everywhere. Pure."""

from __future__ import annotations

from datetime import datetime


def duration_text(seconds: float) -> str:
    """'45 s', '12 min', '1 h 05 min'."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def plural(n: int, noun: str) -> str:
    """'1 frame', '5 frames'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def until_text(start: datetime, end: datetime) -> str:
    """How long from `start` to `end` and when it ends, with the day if it is not today.

    'for 30 min, until 14:30:05'; 'for 24 h 00 min, until 14:30:05 tomorrow, Sat 22 Nov'.
    """
    seconds = (end - start).total_seconds()
    minutes, rest = divmod(round(seconds), 60)
    length = duration_text(seconds)
    if 0 < minutes < 60 and rest:  # 'pause 90s' is 1 min 30 s, not '2 min'
        length = f"{minutes} min {rest:02d} s"
    days = (end.date() - start.date()).days
    when = f"{end:%H:%M:%S}"
    if days == 1:
        when += f" tomorrow, {end:%a %d %b}"
    elif days != 0:
        when += f" on {end:%a %d %b %Y}"
    return f"for {length}, until {when}"
