"""The HTML report's charts as inline SVG: drawn as text, scaled to any screen, each with a
description a screen reader reads out (role="img", aria-label) that names what it shows.

Colours are the Okabe-Ito palette, readable for colour-blind readers; alert kinds differ in
shape as well as colour. Time not monitored is absence: no bar, only a light hatch at the
baseline (and the words in the chart's description), never drawn as a value, 0% or 100%.
Labels that a phone has no room for are `minor` (the page's CSS hides them on a narrow screen).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from posture.core.monitor.alert_table import ALERT_TABLE
from posture.core.reports.days import Day
from posture.core.reports.sharp import NOD, TURN
from posture.core.reports.views import Timeline, share

BLUE, ORANGE, GREEN, RED, PURPLE, SKY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
)
GREY, LIGHT = "#8a8a8a", "#e4e4e4"
W, PAD_L, PAD_R = 1000, 86, 10
"""The drawing's width in its own units (it scales to the page) and its side margins."""

MARKS = {
    spec.kind.value: mark for spec, mark in zip(ALERT_TABLE, ("tri", "sq", "dia"), strict=False)
}
MARK_COLOURS = dict(zip(MARKS, (RED, PURPLE, BLUE), strict=False))
"""Each alert kind's marker shape and colour, in the alert table's order."""
LANES = {kind: i for i, kind in enumerate(MARKS)}
SHARP = {TURN: ("sharp turn", "dot"), NOD: ("sharp nod", "ring")}
"""Sharp movements: a black dot (turn) or ring (nod) each, in one row under the alerts' rows."""
MARKS |= {kind: shape for kind, (_, shape) in SHARP.items()}
MARK_COLOURS |= dict.fromkeys(SHARP, "#000000")
LANES |= dict.fromkeys(SHARP, len(LANES))


def _svg(height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {W} {height}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>{"".join(body)}</svg>'
    )


def _text(
    x: float,
    y: float,
    text: str,
    size: int = 13,
    anchor: str = "middle",
    fill: str = "#333",
    minor: bool = False,
) -> str:
    kind = ' class="minor"' if minor else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}"{kind}>{escape(text)}</text>'
    )


HATCH = (
    '<defs><pattern id="absent" width="8" height="8" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="3" height="8" fill="#b4b4cc"/></pattern></defs>'
)
"""A light hatch: where a chart says 'not monitored' (a strip at the baseline, never a bar)."""
ABSENT_H = 8.0


def _absent(x0: float, x1: float, baseline: float, tip: str = "not monitored") -> str:
    """A not-monitored stretch of a chart: a low hatched strip on the baseline."""
    return (
        f'<rect x="{x0:.1f}" y="{baseline - ABSENT_H:.1f}" width="{max(x1 - x0, 0.8):.1f}" '
        f'height="{ABSENT_H:.1f}" fill="url(#absent)"><title>{escape(tip)}</title></rect>'
    )


def _line(x1: float, x2: float, y1: float, y2: float, stroke: str, style: str = "") -> str:
    return (
        f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y1:.1f}" y2="{y2:.1f}" stroke="{stroke}" {style}/>'
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, tip: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}">'
        f"{title}</rect>"
    )


THIN = 'stroke-width="0.5"'
DASHED = 'stroke-width="2" stroke-dasharray="8 5"'


def _mark(kind: str, x: float, y: float) -> str:
    colour, shape = MARK_COLOURS.get(kind, GREY), MARKS.get(kind, "dot")
    if shape == "tri":
        return f'<path d="M{x - 7:.1f},{y - 6:.1f}h14l-7,12z" fill="{colour}"/>'
    if shape == "sq":
        return f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{colour}"/>'
    if shape == "dia":
        return f'<path d="M{x:.1f},{y - 7:.1f}l7,7l-7,7l-7,-7z" fill="{colour}"/>'
    if shape == "ring":
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#fff" stroke="{colour}" '
            'stroke-width="2"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>'


def legend_html(kinds: Sequence[str]) -> str:
    """The legend under the timeline: markers of the alert kinds, breaks, not monitored."""
    items = []
    for spec in ALERT_TABLE:
        if spec.kind.value in kinds:
            glyph = _svg_inline(_mark(spec.kind.value, 9, 9))
            items.append(f"<span>{glyph} {escape(spec.label)} alert</span>")
    for kind, (name, _) in SHARP.items():
        if kind in kinds:
            items.append(f"<span>{_svg_inline(_mark(kind, 9, 9))} {name}</span>")
    items.append(f'<span><i class="key" style="background:{GREEN}55"></i> break</span>')
    items.append('<span><i class="key hatch"></i> not monitored</span>')
    items.append(f'<span><i class="key" style="background:{ORANGE}"></i> alert threshold</span>')
    return '<p class="legend">' + " ".join(items) + "</p>"


def _svg_inline(body: str) -> str:
    return f'<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">{body}</svg>'


def timeline(line: Timeline, day: Day, threshold: float) -> str:
    """Head-forward angle through one day, alerts by kind, breaks, and gaps not monitored."""
    if not line.monitored:
        return ""
    t0 = line.monitored[0][0].timestamp() // 3600 * 3600
    t1 = -(-line.monitored[-1][1].timestamp() // 3600) * 3600
    top = max([*line.angles, threshold]) + 8
    height, plot_top, plot_bottom = 285, 64, 250

    def x(t: float) -> float:
        return PAD_L + (t - t0) / max(t1 - t0, 1.0) * (W - PAD_L - PAD_R)

    def y(deg: float) -> float:
        return plot_bottom - max(deg, 0.0) / top * (plot_bottom - plot_top)

    body = [HATCH]
    gaps = zip(
        [t0, *(b.timestamp() for _, b in line.monitored)],
        [*(a.timestamp() for a, _ in line.monitored), t1],
        strict=True,
    )
    for a_t, b_t in gaps:  # not monitored: a strip on the baseline, no angle drawn
        if b_t - a_t > 60:
            body.append(_absent(x(a_t), x(b_t), plot_bottom))
    for a, b in line.breaks:
        body.append(_band(x(a.timestamp()), x(b.timestamp()), plot_top, plot_bottom, GREEN + "55"))
    for deg in range(0, int(top), 10):
        body.append(_line(PAD_L, W - PAD_R, y(deg), y(deg), "#ccc", THIN))
        body.append(_text(PAD_L - 6, y(deg) + 4, f"{deg}°", 12, "end"))
    zone = line.monitored[0][0].tzinfo
    step = 3600 if t1 - t0 <= 12 * 3600 else 7200
    hours = range(int(t0), int(t1) + 1, step)
    for i, hour in enumerate(hours):
        when = datetime.fromtimestamp(hour, zone)
        edge = "start" if hour == t0 else "end" if hour == t1 else "middle"
        minor = len(hours) > 4 and i % 3 != 0  # a phone shows every third
        body.append(_text(x(hour), 272, f"{when:%H:%M}", 12, edge, minor=minor))
    dots = "".join(
        f'<circle cx="{x(t.timestamp()):.1f}" cy="{y(a):.1f}" r="1.6"/>'
        for t, a in zip(line.times, line.angles, strict=True)
    )
    body.append(f'<g fill="{BLUE}">{dots}</g>')
    body.append(_line(PAD_L, W - PAD_R, y(threshold), y(threshold), ORANGE, DASHED))
    for when, kind in [*line.alerts, *line.events]:  # a row of markers for each kind
        body.append(_mark(kind, x(when.timestamp()), 10 + 15 * LANES.get(kind, len(LANES))))
    return _svg(height, _timeline_label(line, day), body)


def _band(x0: float, x1: float, top: float, bottom: float, fill: str) -> str:
    return _rect(x0, top, max(x1 - x0, 0.8), bottom - top, fill)


def _timeline_label(line: Timeline, day: Day) -> str:
    counts: dict[str, int] = {}
    for _, kind in line.alerts:
        counts[kind] = counts.get(kind, 0) + 1
    alerts = ", ".join(f"{n} {_label(k)}" for k, n in counts.items()) or "no alerts"
    start, end = line.monitored[0][0], line.monitored[-1][1]
    sharp = sum(kind in SHARP for _, kind in line.events)
    moves = f"; {sharp} sharp head movements" if sharp else ""
    return (
        f"Head-forward angle on {day.day:%A %d %B}, monitored from {start:%H:%M} to {end:%H:%M}: "
        f"median {day.median_deg or 0:.0f} degrees, head forward {share(day.forward_share)} of "
        f"the time; {alerts}; {len(line.breaks)} breaks{moves}."
    )


def _label(kind: str) -> str:
    return next((s.label for s in ALERT_TABLE if s.kind.value == kind), kind)


def bars(
    labels: Sequence[str], values: Sequence[float | None], title: str, colour: str, label: str
) -> str:
    """A bar per label (a share 0-1); None (not monitored) has no bar, only a hatched strip on
    the baseline; 0 is a bar of no height with its 0% written, so the two never look alike."""
    n = max(len(labels), 1)
    height, top, bottom = 250, 44, 205
    slot = (W - PAD_L - PAD_R) / n
    body = [HATCH, _text(PAD_L, 26, title, 15, "start")]
    for pct in (0, 25, 50, 75, 100):
        yy = bottom - pct / 100 * (bottom - top)
        body.append(_line(PAD_L, W - PAD_R, yy, yy, "#ddd", THIN))
        body.append(_text(PAD_L - 6, yy + 4, f"{pct}%", 12, "end"))
    every = max(1, round(n / 24))
    for i, (name, value) in enumerate(zip(labels, values, strict=True)):
        x0 = PAD_L + i * slot + slot * 0.12
        width = slot * 0.76
        if value is None:
            body.append(_absent(x0, x0 + width, bottom, f"{name}: not monitored"))
        else:
            h = value * (bottom - top)
            body.append(_rect(x0, bottom - h, width, h, colour, f"{name}: {share(value)}"))
            if value == 0 and n <= 40:
                body.append(_text(x0 + width / 2, bottom - 4, "0%", 11, minor=n > 12))
        if i % every == 0:
            minor = n > 12 and (i // every) % 3 != 0
            body.append(_text(x0 + width / 2, bottom + 20, name, 12, minor=minor))
    return _svg(height, label, body)


STILL_EDGES_MIN = (0, 1, 2, 5, 10, 15, 20, 30, 45, 60)
"""The still-neck chart's bins (minutes), finer where most periods are: the last is open."""


def histogram(lengths_min: Sequence[float], threshold_min: float, label: str) -> str:
    """The time the neck spent still, by how long each still period lasted: many short
    periods and one long one each show (a count of periods would be one tall bar of short
    ones), with how many periods each bar holds and where the alert comes."""
    edges = STILL_EDGES_MIN
    minutes, counts = [0.0] * len(edges), [0] * len(edges)
    for m in lengths_min:
        i = max(i for i, e in enumerate(edges) if m >= e)
        minutes[i] += m
        counts[i] += 1
    most = max(minutes) or 1.0
    height, top, bottom = 250, 62, 205
    slot = (W - PAD_L - PAD_R) / len(edges)
    title = "Minutes the neck stayed still, by length of the still period"
    xt = PAD_L + _bin_position(threshold_min, edges) * slot
    body = [_text(PAD_L, 26, title, 15, "start"), _line(xt, xt, top, bottom, ORANGE, DASHED)]
    body.append(_text(xt + 4, top + 12, "alert", 12, "start", ORANGE))
    counted = []  # drawn last, on a white halo, over the bars and the alert's line
    for i, (total, count) in enumerate(zip(minutes, counts, strict=True)):
        h = total / most * (bottom - top)
        x0 = PAD_L + i * slot + 4
        name = f"{edges[i]}+" if i == len(edges) - 1 else f"{edges[i]}-{edges[i + 1]}"
        tip = f"{name} min: {count} periods, {total:.0f} min in all"
        body.append(_rect(x0, bottom - h, slot - 8, h, SKY, tip))
        if count:
            counted.append(_text(x0 + (slot - 8) / 2, bottom - h - 4, f"{count}x", 12))
        body.append(_text(x0 + (slot - 8) / 2, bottom + 20, name, 12))
    halo = 'stroke="#fff" stroke-width="4" paint-order="stroke" '
    body += [c.replace("<text ", f"<text {halo}", 1) for c in counted]
    body.append(
        _text(
            PAD_L,
            bottom + 40,
            "minutes per still period (bars: minutes in all; Nx: how many periods)",
            12,
            "start",
            minor=True,
        )
    )
    return _svg(height + 10, label, body)


def _bin_position(value: float, edges: Sequence[float]) -> float:
    """Where `value` falls on a chart of bins with these left edges (in bins, from 0)."""
    for i in range(len(edges) - 1):
        if value < edges[i + 1]:
            return i + (value - edges[i]) / (edges[i + 1] - edges[i])
    return len(edges) - 0.5
