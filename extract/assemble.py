"""Table rows -> records: one per activity, with provision, area, bodies as printed, and lines.

Every front-end produces `Row`s; this is where the matrix's structure is read: pillar headings,
provisions that span rows, areas that span activities (November), list items inside cells,
and which body cell belongs to which activity. A layout names its assembler (extract/layouts.toml);
`ASSEMBLERS` maps each name to the function that reads a pillar's rows that way, each in a module of its
own (`assemble_categories`, the May way; `assemble_areas`, the November way), on the cell items of
`cell_items` and the record making of `records_common`.
"""

from __future__ import annotations

from collections.abc import Callable

from tipmatrix.extract.assemble_areas import nov_section
from tipmatrix.extract.assemble_categories import may_section
from tipmatrix.extract.layouts import Layout, layout
from tipmatrix.extract.records_common import Where
from tipmatrix.extract.rows import Row
from tipmatrix.model import Record, flag


def pillar_sections(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """Rows grouped under their pillar heading; rows before any heading go under ""."""
    sections: list[tuple[str, list[Row]]] = [("", [])]
    for row in rows:
        if row.pillar:
            sections.append((row.pillar, []))
        else:
            sections[-1][1].append(row)
    return [(p, r) for p, r in sections if r]


def assembler_of(lay: Layout) -> Assembler:
    """The function a layout's declared assembler names; an unknown name is an error naming the known ones."""
    try:
        return ASSEMBLERS[lay.assembler]
    except KeyError:
        raise ValueError(f"extract/layouts.toml: layout {lay.id!r} names the assembler {lay.assembler!r}; the"
                         f" assemblers are {', '.join(map(repr, ASSEMBLERS))}") from None


def rows_to_records(rows: list[Row], layout_id: str, draft: str, source_file: str) -> list[Record]:
    """A reading's rows -> records, pillar by pillar, by the assembler its layout declares."""
    lay = layout(layout_id)
    build = assembler_of(lay)
    pages = {c.lines[0]: c.page for row in rows for c in row.cells}
    records: list[Record] = []
    for pillar, section in pillar_sections(rows):
        for rec in build(section, lay, Where(draft, pillar, source_file, pages)):
            if not pillar:
                rec = rec.with_flag(flag("missing-pillar", "row comes before any pillar heading"))
            records.append(rec)
    return records


Assembler = Callable[[list[Row], Layout, Where], list[Record]]


# The ways of reading a pillar's rows, by the name a layout's `assembler` gives (extract/layouts.toml).
ASSEMBLERS: dict[str, Assembler] = {"categories": may_section, "areas": nov_section}
