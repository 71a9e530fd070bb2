"""A page image -> the page turned straight, and its table's cell boxes from the ruling lines.

The steps, each a pure function on arrays: the skew from the page's long straight lines (OpenCV's
probabilistic Hough transform) -> the page turned back -> the rules as masks (OpenCV morphology: a
run of ink much longer than any letter, horizontal or vertical) -> the rules as edge segments in
points -> cells and tables by pdfplumber's own table finder (`merge_edges`, `edges_to_intersections`,
`intersections_to_cells`, `cells_to_tables`), the same one that reads an office suite's PDF, so a
scan's table has the PDF front-end's shape: rows of cell boxes, None where a merged cell covers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from pdfplumber.table import (
    Table as PlumberTable,
)
from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

from tipmatrix.extract.pdf_pages import BBox, Table


@dataclass(frozen=True)
class GridSettings:
    """Tunables of the grid, each with why it has this value."""

    # A rule is a run of ink at least this share of the page's width (height for a vertical rule):
    # a letter or a dash is never that long (1/45 of A4 landscape is 6.5 mm), a cell's side always is.
    rule_share: float = 1 / 45
    # Skew: Hough segments at least this share of the page's width, within this many degrees of level.
    # A copier turns a page by a degree or two; more is a page fed crooked, not read here.
    skew_segment_share: float = 1 / 4
    max_skew: float = 5.0
    # Turn the page only when it is off by more than this (degrees): below it, turning moves no
    # rule by a pixel over a cell's height and costs a resampling of the page.
    min_skew: float = 0.05
    # pdfplumber's tolerances for joining rule pieces and finding their crossings, in points (as for
    # an office PDF): a scanned rule is broken by blur and JPEG, and 3 pt is under a text line.
    snap_tolerance: float = 3
    join_tolerance: float = 3
    intersection_tolerance: float = 3
    # A table has at least this many rows and columns; fewer is a box or a frame, not the matrix.
    min_rows: int = 2
    min_columns: int = 3


SETTINGS = GridSettings()


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0 (Otsu's threshold over the page), so rules and letters are white on black."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def skew_angle(ink: np.ndarray, settings: GridSettings = SETTINGS) -> float:
    """The page's skew in degrees (positive: turned anticlockwise), the median angle of its long
    near-level straight segments, 0.0 when it has none (a page without rules)."""
    width = ink.shape[1]
    # Only the ink of horizontal strokes (pieces of a turned rule are level over ~50 px at 1 degree),
    # so the transform looks at a few thousand pixels rather than every letter.
    strokes = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (40, 1)))
    segments = cv2.HoughLinesP(strokes, 1, math.pi / 720, threshold=width // 8,
                               minLineLength=int(width * settings.skew_segment_share), maxLineGap=20)
    if segments is None:
        return 0.0
    angles = []
    for x0, y0, x1, y1 in np.asarray(segments).reshape(-1, 4).tolist():
        angle = math.degrees(math.atan2(y0 - y1, x1 - x0))
        if abs(angle) <= settings.max_skew:
            angles.append(angle)
    return float(np.median(angles)) if angles else 0.0


def turned(gray: np.ndarray, angle: float, settings: GridSettings = SETTINGS) -> np.ndarray:
    """The page turned by `angle` degrees about its centre (white where the turn uncovers paper)."""
    if abs(angle) < settings.min_skew:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def rule_masks(ink: np.ndarray, settings: GridSettings = SETTINGS) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal and the vertical rules of a straight page, as ink masks (morphological opening
    with a line as long as the shortest rule keeps rules and removes letters)."""
    h, w = ink.shape
    length_h = max(8, int(w * settings.rule_share))
    length_v = max(8, int(h * settings.rule_share))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length_h, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length_v)))
    return horizontal, vertical


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"object_type": "line", "orientation": orientation, "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "width": x1 - x0, "height": bottom - top}


def mask_edges(horizontal: np.ndarray, vertical: np.ndarray, scale: float) -> list[dict]:
    """Each connected rule of the masks as a pdfplumber edge (`scale` units a pixel):
    a horizontal rule at its mid-height, a vertical one at its mid-width."""
    edges = []
    for mask, orientation in ((horizontal, "h"), (vertical, "v")):
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, w, h, _area in stats[1:count].tolist():
            if orientation == "h":
                mid = (y + h / 2) * scale
                edges.append(_edge("h", x * scale, mid, (x + w) * scale, mid))
            else:
                mid = (x + w / 2) * scale
                edges.append(_edge("v", mid, y * scale, mid, (y + h) * scale))
    return sorted(edges, key=lambda e: (e["orientation"], e["top"], e["x0"]))


def scaled(edges: list[dict], scale: float) -> list[dict]:
    """Edges in pixels -> the same in points (`scale` points a pixel)."""
    return [_edge(e["orientation"], e["x0"] * scale, e["top"] * scale, e["x1"] * scale, e["bottom"] * scale)
            for e in edges]


def edges_to_tables(edges: list[dict], settings: GridSettings = SETTINGS) -> tuple[Table, ...]:
    """Rule edges (points) -> tables as rows of cell boxes, top to bottom (pdfplumber's table finder)."""
    tol = settings.snap_tolerance
    merged = merge_edges(edges, tol, tol, settings.join_tolerance, settings.join_tolerance)
    itol = settings.intersection_tolerance
    cells = intersections_to_cells(edges_to_intersections(merged, itol, itol))
    out = []
    for group in cells_to_tables(cells):
        rows = PlumberTable(None, group).rows  # type: ignore[arg-type]  # rows need no page
        boxes = tuple(tuple(_rounded(c) for c in row.cells) for row in rows)
        if len(boxes) >= settings.min_rows and max(len(r) for r in boxes) >= settings.min_columns:
            out.append(boxes)
    return tuple(sorted(out, key=lambda t: _first_box(t)[1::-1]))


def _rounded(box: BBox | None) -> BBox | None:
    return None if box is None else (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def _first_box(table: Table) -> BBox:
    return next(b for row in table for b in row if b is not None)


def without_rules(gray: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray) -> np.ndarray:
    """The page with its rules painted white (grown by a pixel for their blurred edges), so the OCR
    reads no rule as "|" or "_" and takes no rule for a letter's stroke."""
    rules = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    out = gray.copy()
    out[rules > 0] = 255
    return out
