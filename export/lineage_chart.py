"""A picture of the lineage: `out/lineage.svg` and `out/lineage.png`, and the "Flow" sheet's image.

For each pillar and for each lead body, an alluvial chart: a bar per draft, and between two drafts
bands of how many items went on kept (same wording), reworded, moved (to another provision or
pillar), dropped, or were added. `lineage_flows` counts (pure); `render_flow_chart` draws with
matplotlib, imported only here, only when drawing, without pyplot (no global state, no display).
The same counts give the same bytes: fixed SVG ids (`svg.hashsalt`), no dates, no software
version in the files, and matplotlib's own DejaVu Sans (the same glyphs on every machine).
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from tipmatrix import cache
from tipmatrix.model import PILLAR_TITLES, Record
from tipmatrix.normalize.align import ADDED, DROPPED, MOVED, REWORDED
from tipmatrix.normalize.lineage import Lineage

if TYPE_CHECKING:  # matplotlib is imported only to draw
    from matplotlib.figure import Figure

KEPT = "kept"  # same wording (its lead body may have changed)
# What became of an item of one draft in the next, in the order the bands stack (bottom up).
FATES: tuple[str, ...] = (KEPT, REWORDED, MOVED, DROPPED, ADDED)
COLOURS = {KEPT: "#9E9E9E", REWORDED: "#F0A030", MOVED: "#3A78C2", DROPPED: "#D04040", ADDED: "#3DA35D"}
NO_LEAD = "(no lead)"
BAR = "bar"  # a draft's bar, among the fates of a panel's shapes
BAR_COLOUR = "#404040"
BAND_ALPHA = 0.75  # bands a little lighter than the legend's patches, the bars opaque
BAND_POINTS = 24  # points along a band's edge: smooth at print size


@dataclass
class Flows:
    """One group's (a pillar's or a lead body's) counts per step: steps[k][fate] for draft k -> k + 1."""

    group: str
    steps: list[dict[str, int]] = field(default_factory=list)
    items: list[int] = field(default_factory=list)  # the group's records in each draft


def _fate(changes: Sequence[str]) -> str:
    """An item's fate from the changes of the chains that continue it ("" for none: dropped)."""
    if not changes:
        return DROPPED
    parts = {p for change in changes for p in change.split("; ")}
    return MOVED if MOVED in parts else REWORDED if REWORDED in parts else KEPT


def step_fates(lineage: Lineage, k: int) -> list[tuple[Record, str]]:
    """Each record of draft k once with its fate in draft k + 1, then each record draft k + 1 added."""
    onward: dict[int, list[str]] = {}
    added: dict[int, Record] = {}
    for chain in lineage.chains:
        before, after = chain.steps[k].record, chain.steps[k + 1]
        if before is not None and after.record is not None:
            onward.setdefault(id(before), []).append(after.change)
        elif after.record is not None and after.change == ADDED:
            added[id(after.record)] = after.record
    return [(rec, _fate(onward.get(id(rec), []))) for rec in lineage.records[k]] + [
        (rec, ADDED) for rec in added.values()]


def lineage_flows(lineage: Lineage) -> tuple[list[Flows], list[Flows]]:
    """Per pillar and per lead body, the items of each draft by their fate in the next: each record
    counted once (under its draft's pillar, and under each of its lead bodies), an added one under
    the later draft's."""
    steps = len(lineage.drafts) - 1
    pillars: dict[str, Flows] = {}
    leads: dict[str, Flows] = {}

    def groups(rec: Record) -> list[Flows]:
        keys = [(pillars, rec.pillar)] + [(leads, lead) for lead in rec.lead or (NO_LEAD,)]
        return [table.setdefault(key, Flows(key, [dict.fromkeys(FATES, 0) for _ in range(steps)],
                                            [0] * len(lineage.drafts))) for table, key in keys]

    for k, records in enumerate(lineage.records):
        for rec in records:
            for flows in groups(rec):
                flows.items[k] += 1
    for k in range(steps):
        for rec, fate in step_fates(lineage, k):
            for flows in groups(rec):
                flows.steps[k][fate] += 1
    order = list(PILLAR_TITLES)
    by_pillar = sorted(pillars.values(), key=lambda f: (order.index(f.group) if f.group in order else 99, f.group))
    by_lead = sorted(leads.values(), key=lambda f: (f.group == NO_LEAD, f.group))
    return by_pillar, by_lead


def _band(x0: float, x1: float, y0: tuple[float, float], y1: tuple[float, float]) -> list[tuple[float, float]]:
    """The outline of a band from (x0, y0 bottom..top) to (x1, y1 bottom..top) with smooth (cosine) edges."""
    t = [i / (BAND_POINTS - 1) for i in range(BAND_POINTS)]
    s = [(1 - math.cos(math.pi * u)) / 2 for u in t]
    x = [x0 + (x1 - x0) * u for u in t]
    bottom = [(xi, y0[0] + (y1[0] - y0[0]) * si) for xi, si in zip(x, s)]
    top = [(xi, y0[1] + (y1[1] - y0[1]) * si) for xi, si in zip(x, s)]
    return bottom + top[::-1]


@dataclass
class Panel:
    """One group's alluvial in its own units (x: the drafts 0, 1, ...; y: items), ready to place."""

    title: str
    shapes: list[list[tuple[float, float]]]  # the bands, then the bars
    fates: list[str]  # each shape's fate, BAR for a bar
    counts: list[tuple[float, float, str]]  # (x, y, text): each draft's items, on top of its bar
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    yticks: list[int]


def _panel(flows: Flows, drafts: Sequence[str], title: str) -> Panel:
    """One group's alluvial: bars at each draft, bands between them, counts on the bars."""
    from matplotlib.ticker import MaxNLocator

    bar = 0.12
    top = 1.0
    shapes: list[list[tuple[float, float]]] = []
    fates: list[str] = []
    for k, step in enumerate(flows.steps):
        left, right = k + bar / 2, k + 1 - bar / 2
        y_out = y_in = 0.0
        for fate in (KEPT, REWORDED, MOVED):
            n = step[fate]
            if n:
                shapes.append(_band(left, right, (y_out, y_out + n), (y_in, y_in + n)))
                fates.append(fate)
            y_out, y_in = y_out + n, y_in + n
        if step[DROPPED]:  # a wedge leaving the top of the earlier bar and ending halfway
            n = step[DROPPED]
            shapes.append(_band(left, k + 0.45, (y_out, y_out + n), (y_out + n / 2, y_out + n / 2)))
            fates.append(DROPPED)
            y_out += n
        if step[ADDED]:  # a wedge from halfway to the top of the later bar
            n = step[ADDED]
            shapes.append(_band(k + 0.55, right, (y_in + n / 2, y_in + n / 2), (y_in, y_in + n)))
            fates.append(ADDED)
            y_in += n
        top = max(top, y_out, y_in)
    counts = []
    for k, items in enumerate(flows.items):
        inflow = sum(flows.steps[k - 1][f] for f in (KEPT, REWORDED, MOVED, ADDED)) if k else 0
        height = max(items, inflow)  # a merge brings more items than the draft has records
        shapes.append([(k - bar / 2, 0), (k + bar / 2, 0), (k + bar / 2, height), (k - bar / 2, height)])
        fates.append(BAR)
        counts.append((float(k), float(height), str(items)))
        top = max(top, height)
    ymax = top * 1.18
    yticks = [int(t) for t in MaxNLocator(4, integer=True).tick_values(0, ymax) if 0 <= t <= ymax]
    return Panel(title, shapes, fates, counts, (-0.3, len(drafts) - 0.7), (0, ymax), yticks)


def _figure(lineage: Lineage) -> Figure:
    """The panels on a grid, drawn as a few artists of the figure itself: one collection for every band
    and bar, one for every axis line and tick, and the texts. One Axes per panel (as the chart had) made
    matplotlib build and lay out some forty artists a panel, two thirds of the drawing time, for two
    axis lines, a few ticks and a title; the look is the same (left and bottom axis lines, outward
    ticks, 3.5 pt, labels 3.5 pt beyond them, the title 6 pt above the panel)."""
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.colors import to_rgba
    from matplotlib.figure import Figure
    from matplotlib.gridspec import GridSpec
    from matplotlib.patches import Patch
    from matplotlib.transforms import Bbox, BboxTransform

    by_pillar, by_lead = lineage_flows(lineage)
    panels = [_panel(f, lineage.drafts, f"Pillar {f.group}") for f in by_pillar] + [
        _panel(f, lineage.drafts, f"Lead: {f.group}") for f in by_lead]
    columns = 5
    rows = max(1, -(-len(panels) // columns))
    width, height = 11.69, max(3.2, 0.4 + 2.05 * rows)  # A4 landscape wide
    fig = Figure(figsize=(width, height), dpi=100)
    grid = GridSpec(rows, columns, left=0.04, right=0.99, top=1 - 0.5 / height, bottom=0.45 / height,
                    wspace=0.25, hspace=0.45)
    pt_x, pt_y = 1 / 72 / width, 1 / 72 / height  # a point, in figure fractions
    tick, pad = 3.5, 3.5  # matplotlib's default tick length and label pad, points
    shapes, colours, lines = [], [], []
    colour = {fate: to_rgba(c, BAND_ALPHA) for fate, c in COLOURS.items()} | {BAR: to_rgba(BAR_COLOUR)}
    for i, panel in enumerate(panels):
        to_figure = BboxTransform(Bbox([(panel.xlim[0], panel.ylim[0]), (panel.xlim[1], panel.ylim[1])]),
                                  grid[i].get_position(fig))
        shapes += [to_figure.transform(shape) for shape in panel.shapes]
        colours += [colour[fate] for fate in panel.fates]
        (x0, y0), (x1, y1) = to_figure.transform([(panel.xlim[0], panel.ylim[0]), (panel.xlim[1], panel.ylim[1])])
        lines += [[(x0, y1), (x0, y0), (x1, y0)]]
        for k, draft in enumerate(lineage.drafts):
            x = to_figure.transform((k, 0))[0]
            lines.append([(x, y0), (x, y0 - tick * pt_y)])
            fig.text(x, y0 - (tick + pad) * pt_y, draft, ha="center", va="top", fontsize=7)
        for value in panel.yticks:
            y = to_figure.transform((0, value))[1]
            lines.append([(x0, y), (x0 - tick * pt_x, y)])
            fig.text(x0 - (tick + pad) * pt_x, y, str(value), ha="right", va="center_baseline", fontsize=6.5)
        for x, y, text in panel.counts:
            fx, fy = to_figure.transform((x, y))
            fig.text(fx, fy, text, ha="center", va="bottom", fontsize=7)
        fig.text(x0, y1 + 6 * pt_y, panel.title, ha="left", va="baseline", fontsize=8)
    fig.add_artist(PolyCollection(shapes, facecolors=colours, linewidths=0, transform=fig.transFigure, zorder=1))
    fig.add_artist(LineCollection(lines, colors="black", linewidths=0.8, capstyle="projecting",
                                  joinstyle="miter", transform=fig.transFigure, zorder=2.5))
    fig.suptitle(f"What became of each draft's items in the next: {', '.join(lineage.drafts)} "
                 "(per pillar, then per lead body; a record with two leads counts for each)", fontsize=10)
    fig.legend(handles=[Patch(color=COLOURS[f], label=f) for f in FATES], loc="lower center", ncol=len(FATES),
               fontsize=8, frameon=False)
    return fig


def render_flow_chart(lineage: Lineage) -> dict[str, bytes]:
    """{"lineage.svg": ..., "lineage.png": ...}: the flows of every pillar and lead body, same bytes each run.

    Drawing takes matplotlib about half a second (and importing it as much again), so a chart is kept in
    the user's cache (tipmatrix/cache.py) under a hash of what it shows, this module's code and
    matplotlib's version: a rebuild of the same drafts reads it back instead of drawing it again."""
    key = _chart_key(lineage)
    svg, png = cache.read_entry("charts", f"{key}.svg"), cache.read_entry("charts", f"{key}.png")
    if svg is not None and png is not None:
        return {"lineage.svg": svg, "lineage.png": png}
    out = _draw(lineage)
    cache.write_entry("charts", f"{key}.svg", out["lineage.svg"])
    cache.write_entry("charts", f"{key}.png", out["lineage.png"])
    return out


def _chart_key(lineage: Lineage) -> str:
    """A hash of everything a drawn chart depends on."""
    shown = repr((lineage.drafts, lineage_flows(lineage))).encode("utf-8")
    code = Path(__file__).read_bytes()
    return hashlib.sha256(b"\0".join([shown, code, metadata.version("matplotlib").encode()])).hexdigest()


def _draw(lineage: Lineage) -> dict[str, bytes]:
    """The chart drawn by matplotlib, as SVG and PNG."""
    from matplotlib import rc_context

    out = {}
    with rc_context({"svg.hashsalt": "tipmatrix-lineage", "svg.fonttype": "path", "font.family": "DejaVu Sans",
                     "path.simplify": False}):
        fig = _figure(lineage)
        for fmt, metadata in (("svg", {"Date": None, "Creator": "tipmatrix"}),
                              ("png", {"Software": "tipmatrix"})):
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, metadata=metadata, dpi=150)
            out[f"lineage.{fmt}"] = buffer.getvalue()
    return out
