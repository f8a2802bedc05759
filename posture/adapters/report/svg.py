"""The HTML report's charts as inline SVG: drawn as text, scaled to any screen, each with a
description a screen reader reads out (role="img", aria-label) that names what it shows.

Colours are the Okabe-Ito palette, readable for colour-blind readers; alert kinds differ in
shape as well as colour. Time not monitored is grey and labelled so, never drawn as 0%.
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
    x: float, y: float, text: str, size: int = 13, anchor: str = "middle", fill: str = "#333"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}">{escape(text)}</text>'
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
    items.append(f'<span><i class="key" style="background:{LIGHT}"></i> not monitored</span>')
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

    body = [_rect(PAD_L, plot_top, W - PAD_L - PAD_R, plot_bottom - plot_top, LIGHT)]
    for a, b in line.monitored:  # monitored time is white; what stays grey was not monitored
        body.append(_band(x(a.timestamp()), x(b.timestamp()), plot_top, plot_bottom, "#fff"))
    for a, b in line.breaks:
        body.append(_band(x(a.timestamp()), x(b.timestamp()), plot_top, plot_bottom, GREEN + "55"))
    for deg in range(0, int(top), 10):
        body.append(_line(PAD_L, W - PAD_R, y(deg), y(deg), "#ccc", THIN))
        body.append(_text(PAD_L - 6, y(deg) + 4, f"{deg}°", 12, "end"))
    zone = line.monitored[0][0].tzinfo
    step = 3600 if t1 - t0 <= 12 * 3600 else 7200
    for hour in range(int(t0), int(t1) + 1, step):
        when = datetime.fromtimestamp(hour, zone)
        body.append(_text(x(hour), 272, f"{when:%H:%M}", 12))
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
    """A bar per label (a share 0-1); None is drawn as a grey 'not monitored' bar, 0 as a bar
    of no height with its 0% written, so the two never look alike."""
    n = max(len(labels), 1)
    height, top, bottom = 250, 44, 205
    slot = (W - PAD_L - PAD_R) / n
    body = [_text(PAD_L, 26, title, 15, "start")]
    for pct in (0, 25, 50, 75, 100):
        yy = bottom - pct / 100 * (bottom - top)
        body.append(_line(PAD_L, W - PAD_R, yy, yy, "#ddd", THIN))
        body.append(_text(PAD_L - 6, yy + 4, f"{pct}%", 12, "end"))
    every = max(1, round(n / 24))
    for i, (name, value) in enumerate(zip(labels, values, strict=True)):
        x0 = PAD_L + i * slot + slot * 0.12
        width = slot * 0.76
        if value is None:
            body.append(_rect(x0, top, width, bottom - top, LIGHT, f"{name}: not monitored"))
        else:
            h = value * (bottom - top)
            body.append(_rect(x0, bottom - h, width, h, colour, f"{name}: {share(value)}"))
            if value == 0 and n <= 40:
                body.append(_text(x0 + width / 2, bottom - 4, "0%", 11))
        if i % every == 0:
            body.append(_text(x0 + width / 2, bottom + 20, name, 12))
    return _svg(height, label, body)


def histogram(lengths_min: Sequence[float], threshold_min: float, label: str) -> str:
    """How many still-neck periods lasted how long (5-minute bins), with the alert's time."""
    bins = [0] * 13
    for m in lengths_min:
        bins[min(int(m // 5), 12)] += 1
    most = max(bins) or 1
    height, top, bottom = 250, 62, 205
    slot = (W - PAD_L - PAD_R) / len(bins)
    body = [_text(PAD_L, 26, "Still-neck periods by length (minutes)", 15, "start")]
    for i, count in enumerate(bins):
        h = count / most * (bottom - top)
        x0 = PAD_L + i * slot + 4
        body.append(_rect(x0, bottom - h, slot - 8, h, SKY, f"{count} periods"))
        if count:
            body.append(_text(x0 + (slot - 8) / 2, bottom - h - 4, str(count), 12))
        body.append(
            _text(x0 + (slot - 8) / 2, bottom + 20, f"{i * 5}+" if i == 12 else f"{i * 5}", 12)
        )
    xt = PAD_L + min(threshold_min / 5, 12.9) * slot
    body.append(_line(xt, xt, top, bottom, ORANGE, DASHED))
    body.append(_text(xt + 4, top + 12, "alert", 12, "start", ORANGE))
    return _svg(height, label, body)
