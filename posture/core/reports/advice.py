"""'What to change': a few plain suggestions derived from a period's figures. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from posture.core.monitor.alert_table import spec
from posture.core.reports.days import WORST_HOUR_MIN_S, Day
from posture.core.reports.span import Span
from posture.core.reports.views import share
from posture.core.words import duration_text

BREAK_EVERY_S = 3000.0
"""Sitting longer than this without a break earns a suggestion (the sitting alert's default)."""
MOST = 4
"""At most this many suggestions: a short list gets read."""


def hour_shares(days: list[Day]) -> list[tuple[float, float | None]]:
    """Each hour of the day over the days: present seconds and forward-head share (by time)."""
    out = []
    for hour in range(24):
        present = forward = judged = 0.0
        for d in days:
            h = d.hours[hour]
            present += h.present_s
            if h.forward_share is not None and h.good_share is not None:
                judged += h.present_s
                forward += h.forward_share * h.present_s
        out.append((present, forward / judged if judged else None))
    return out


def worst_hour(days: list[Day]) -> tuple[int, float] | None:
    """The hour with the largest forward-head share among those watched long enough."""
    hours = hour_shares(days)
    enough = WORST_HOUR_MIN_S * max(1, len([d for d in days if not d.empty])) / 2
    found = [(h, f) for h, (p, f) in enumerate(hours) if f and p >= min(enough, 3600.0)]
    return max(found, key=lambda x: x[1]) if found else None


def advice(span: Span, names: Mapping[str, str] | None = None) -> list[str]:
    """Up to MOST suggestions, the most telling first; `names` gives stretches their names
    (by id), so a tip says 'Chin tucks', not 'chin-tucks'."""
    days = [d for d in span.days if not d.empty]
    if not days:
        return []
    tips = [_hour(days, span), _ignored(days), _sitting(days), _stretch(days, names or {})]
    out = [*tips, _trend(span)]
    return [x for x in out if x][:MOST]


def _hour(days: list[Day], span: Span) -> str | None:
    found = worst_hour(days)
    overall = span.totals()["forward_share"]
    if found is None or overall is None or found[1] < overall + 0.05:
        return None
    h, f = found
    return (
        f"Your head is most often forward from {h:02d}:00 to {h + 1:02d}:00 ({share(f)} of that "
        f"hour, against {share(overall)} overall): plan a stretch or a short walk just before it, "
        "and check the screen is at eye height."
    )


def _ignored(days: list[Day]) -> str | None:
    totals: dict[str, tuple[int, int]] = {}
    for d in days:
        for kind, c in d.alerts.items():
            raised, ignored = totals.get(kind, (0, 0))
            totals[kind] = (raised + c.raised, ignored + c.ignored)
    if not totals:
        return None
    kind, (raised, ignored) = max(totals.items(), key=lambda x: (x[1][1], x[1][0]))
    if ignored == 0:
        return None
    try:
        alert = spec(kind)
    except ValueError:
        return f"The {kind} alert was ignored {ignored} of {raised} times."
    name, tip = alert.label, f" {alert.suggestion}"
    return f"The {name} alert was ignored {ignored} of {raised} times.{tip}"


def _sitting(days: list[Day]) -> str | None:
    longest = max(d.longest_sitting_s for d in days)
    if longest <= BREAK_EVERY_S:
        return None
    return (
        f"Your longest sitting without a break was {duration_text(longest)}: stand up and move "
        f"for a few minutes at least every {duration_text(BREAK_EVERY_S)}."
    )


def _stretch(days: list[Day], names: Mapping[str, str]) -> str | None:
    done: dict[str, int] = {}
    for d in days:
        for sid, n in d.done_by_id.items():
            done[sid] = done.get(sid, 0) + n
    skipped = sum(d.stretches["skipped"] + d.stretches["ignored"] for d in days)
    if done:
        sid, n = max(done.items(), key=lambda x: x[1])
        times = "once" if n == 1 else f"{n} times"
        name = names.get(sid, sid)
        return f"The stretch you did most was {name} ({times}): keep it for when an alert comes."
    if skipped:
        return f"None of the {skipped} stretches offered was done: try one when the next comes."
    return None


def _trend(span: Span) -> str | None:
    now, before = span.totals()["forward_share"], span.previous.get("forward_share")
    if now is None or before is None or abs(now - before) < 0.03:
        return None
    if now < before:
        return f"Time with the head forward fell from {share(before)} to {share(now)}: keep it up."
    return f"Time with the head forward rose from {share(before)} to {share(now)}."
