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
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

KEPT = "kept"  # same wording (its lead body may have changed)
# What became of an item of one draft in the next, in the order the bands stack (bottom up).
FATES: tuple[str, ...] = (KEPT, REWORDED, MOVED, DROPPED, ADDED)
COLOURS = {KEPT: "#9E9E9E", REWORDED: "#F0A030", MOVED: "#3A78C2", DROPPED: "#D04040", ADDED: "#3DA35D"}
NO_LEAD = "(no lead)"


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


def _band(ax: Axes, x0: float, x1: float, y0: tuple[float, float], y1: tuple[float, float], colour: str) -> None:
    """A band from (x0, y0 bottom..top) to (x1, y1 bottom..top) with smooth (cosine) edges."""
    import numpy as np

    t = np.linspace(0.0, 1.0, 24)
    s = (1 - np.cos(np.pi * t)) / 2
    x = x0 + (x1 - x0) * t
    ax.fill_between(x, y0[0] + (y1[0] - y0[0]) * s, y0[1] + (y1[1] - y0[1]) * s, color=colour, alpha=0.75,
                    linewidth=0)


def _panel(ax: Axes, flows: Flows, drafts: Sequence[str], title: str) -> None:
    """One group's alluvial: bars at each draft, bands between them, counts on the bars."""
    from matplotlib.ticker import MaxNLocator

    bar = 0.12
    top = 1.0
    for k, step in enumerate(flows.steps):
        left, right = k + bar / 2, k + 1 - bar / 2
        y_out = y_in = 0.0
        for fate in (KEPT, REWORDED, MOVED):
            n = step[fate]
            if n:
                _band(ax, left, right, (y_out, y_out + n), (y_in, y_in + n), COLOURS[fate])
            y_out, y_in = y_out + n, y_in + n
        if step[DROPPED]:  # a wedge leaving the top of the earlier bar and ending halfway
            n = step[DROPPED]
            _band(ax, left, k + 0.45, (y_out, y_out + n), (y_out + n / 2, y_out + n / 2), COLOURS[DROPPED])
            y_out += n
        if step[ADDED]:  # a wedge from halfway to the top of the later bar
            n = step[ADDED]
            _band(ax, k + 0.55, right, (y_in + n / 2, y_in + n / 2), (y_in, y_in + n), COLOURS[ADDED])
            y_in += n
        top = max(top, y_out, y_in)
    for k, items in enumerate(flows.items):
        inflow = sum(flows.steps[k - 1][f] for f in (KEPT, REWORDED, MOVED, ADDED)) if k else 0
        height = max(items, inflow)  # a merge brings more items than the draft has records
        ax.bar(k, height, width=bar, color="#404040", linewidth=0)
        ax.text(k, height, str(items), ha="center", va="bottom", fontsize=7)
        top = max(top, height)
    ax.set_xlim(-0.3, len(drafts) - 0.7)
    ax.set_ylim(0, top * 1.18)
    ax.set_xticks(range(len(drafts)), drafts, fontsize=7)
    ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
    ax.tick_params(axis="y", labelsize=6.5)
    ax.set_title(title, fontsize=8, loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _figure(lineage: Lineage) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    by_pillar, by_lead = lineage_flows(lineage)
    panels = [(f, f"Pillar {f.group}") for f in by_pillar] + [(f, f"Lead: {f.group}") for f in by_lead]
    columns = 5
    rows = max(1, -(-len(panels) // columns))
    fig = Figure(figsize=(11.69, max(3.2, 0.4 + 2.05 * rows)), dpi=100)  # A4 landscape wide
    axes = fig.subplots(rows, columns, squeeze=False)
    for ax, (flows, title) in zip(axes.flat, panels):
        _panel(ax, flows, lineage.drafts, title)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    fig.suptitle(f"What became of each draft's items in the next: {', '.join(lineage.drafts)} "
                 "(per pillar, then per lead body; a record with two leads counts for each)", fontsize=10)
    fig.legend(handles=[Patch(color=COLOURS[f], label=f) for f in FATES], loc="lower center", ncol=len(FATES),
               fontsize=8, frameon=False)
    # fixed margins: tight_layout measured every tick label, the larger part of the drawing time
    fig.subplots_adjust(left=0.04, right=0.99, top=1 - 0.5 / fig.get_figheight(), bottom=0.45 / fig.get_figheight(),
                        wspace=0.25, hspace=0.45)
    return fig


def render_flow_chart(lineage: Lineage) -> dict[str, bytes]:
    """{"lineage.svg": ..., "lineage.png": ...}: the flows of every pillar and lead body, same bytes each run.

    Drawing takes matplotlib a second or two, so a chart is kept in the user's cache (tipmatrix/cache.py)
    under a hash of what it shows, this module's code and matplotlib's version: a rebuild of the same
    drafts reads it back instead of drawing it again."""
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
