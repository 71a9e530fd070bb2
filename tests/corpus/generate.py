"""Matrices of the family drawn from a seed: one document, its table rows and its records as ground truth.

`draw(seed)` picks what a document varies (`Spec`): the assembler (May: Provision | four category
columns | Sectoral Body; November: Provisions | Possible Areas | Proposed Programme/Activities |
Expected Outputs | Lead/Cooperating Sectoral Body | Implementation Status) and its column order; label
styles of provisions, pillar headings and items; font, size, column widths and margins; running
headers, footers and prose before the table. `content(spec)` fills the matrix with texts drawn from the
committed office fixtures' records (tests/fixtures/office/expected-*.jsonl: the hand reading and the
records written out by hand in tests/office_matrix.py), so no text comes from the code under test.
`write(spec, folder)` writes it as a reportlab PDF, a Word document (python-docx; LibreOffice turns it
into the "lo-pdf" format, see `convert_with_office`) or a text rendition (TAB-separated cells, one
line per table row and page, as raw/*.txt). The same seed gives the same document.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from bench.pdf_builder import SPANNED, Heading, Look, TableRow, build_matrix_pdf, lay_out, part_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "office"
POOL_FILES = ("expected-2016-05.jsonl", "expected-2016-11.jsonl", "expected-2017-11.jsonl")

ASSEMBLERS = ("may", "nov")
CATEGORIES = ("Institutional Development", "Research Development", "Training/Capacity Building", "Prevention")
HEADINGS = {
    "may": ("Provision", *CATEGORIES, "Sectoral Body / Organ"),
    "nov": ("Provisions of the ACTIP / Sections of APA",
            "Possible Areas of Collaboration Amongst ASEAN Sectoral Bodies under the Framework of APA",
            "Proposed Programme /Project / Activities for 2016 - 2020", "Expected Outputs",
            "Lead Sectoral Body/ Cooperating Sectoral Body", "Implementation Status"),
}
# The November way as the endorsed Bohol TIP Work Plan 2017-2020 heads two of its columns.
ENDORSED_HEADINGS = {2: "Proposed Programme /Project / Activities for 2017 - 2020",
                     4: "Lead and Cooperating Sectoral Body/Organ"}
BODY_COLUMN = {"may": 5, "nov": 4}  # in the canonical order
WIDTH_SHARES = {"may": (24, 19, 19, 19, 19, 12), "nov": (21, 21, 29, 11, 17, 11)}
# The first style of each is what the two 2016 drafts print; the others are the family's other printings.
PROVISION_STYLES = ("A.", "a.", "(a)", "A)", "1.", "i.")
PILLAR_STYLES = ("A. Title", "A. TITLE", "Pillar A: Title")
ITEM_STYLES = ("-", "•", "1.", "a)", "1.1")  # "1.1": the area numbered "1.", its activities "1.1", "1.2"
ORDERS = ("printed", "two swapped", "shuffled")
FORMATS = ("pdf", "lo-pdf", "docx", "txt")
BODY_STYLES = ("Lead: X\nCSB: Y", "Lead: X\nCooperating Sectoral Body: Y")
PILLAR_NAMES = {"A": "Prevention of TIP", "B": "Protection of Victims",
                "C": "Law Enforcement and Prosecution of Crimes of Trafficking in Persons",
                "D": "Regional and International Cooperation and Coordination"}
BODIES = ("ACWC", "AICHR", "SOM-ED", "SLOM", "SOMTC", "SOMHD", "SOMSWD", "DGICM", "ASLOM")
PDF_FONTS = ("DejaVuSans", "DejaVuSerif", "DejaVuSansCondensed", "LiberationSans", "LiberationSerif")
WORD_FONTS = ("Arial", "Calibri", "Times New Roman", "Cambria", "DejaVu Sans")
TITLES = (
    "Work Plan of the ASEAN Sectoral Bodies for the Implementation of the ASEAN Plan of Action Against Trafficking in"
    " Persons, Especially Women and Children (APA)",
    "Possible Areas of Collaboration with other Relevant ASEAN Sectoral Bodies under the Framework of the APA",
    "Cross-Sectoral Work Plan against Trafficking in Persons: Matrix of Activities",
)
PROSE = (
    "This matrix lists the activities the ASEAN sectoral bodies propose under each section of the ASEAN Plan of"
    " Action against Trafficking in Persons, with the body that leads each and those that cooperate.",
    "Sectoral bodies are invited to review their entries and send any changes to the ASEAN Secretariat before"
    " the next meeting of the Working Group.",
)
RUNNING_HEADERS = ("ASEAN Work Plan against Trafficking in Persons | Draft as of {date} | Page {{page}} of {{pages}}",
                   "Cross-sectoral matrix on TIP, draft of {date}")
DATES = ("12 March 2018", "30 June 2019", "5 October 2020")
OUTPUTS = ("Workshop report", "Regional directory of service providers", "Compendium published",
           "Training module adopted", "Report to the SOMTC Working Group")
STATUSES = ("Ongoing", "Completed", "Proposed", "To be implemented in 2019")
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii")


@dataclass(frozen=True)
class Spec:
    """What one generated document varies; the first value of each choice is the 2016 drafts' own."""

    seed: int
    fmt: str = "pdf"
    assembler: str = "nov"
    order: tuple[int, ...] = (0, 1, 2, 3, 4, 5)  # the canonical column printed at each position
    order_kind: str = "printed"
    provision_style: str = "A."
    pillar_style: str = "A. Title"
    item_style: str = "-"
    word_lists: bool = False  # Word: bulleted items as "List Bullet" paragraphs (numbering.xml), no typed "•"
    endorsed_headings: bool = False  # November way: two columns headed as the endorsed plan heads them
    body_style: str = BODY_STYLES[0]
    font: str = ""
    size: float = 8.0
    margin: float = 36.0  # points (PDF); Word takes it in mm / 2.5
    width_jitter: tuple[float, ...] = (1, 1, 1, 1, 1, 1)
    running_header: str = ""
    footer: str = "Page {page} of {pages}"
    prose: tuple[str, ...] = ()
    title: str = TITLES[0]

    @property
    def name(self) -> str:
        return f"doc-{self.seed:05d}-{self.assembler}"

    def variants(self) -> dict[str, str]:
        """The dimensions a reader may fail on, with this document's value (for the per-variant figures)."""
        columns = self.order_kind + (", endorsed headings" if self.endorsed_headings else "")
        return {"format": self.fmt, "assembler": self.assembler, "columns": columns,
                "provision labels": self.provision_style, "pillar headings": self.pillar_style,
                "items": self.item_style + (" (Word list)" if self.word_lists else ""), "furniture": self.furniture()}

    def furniture(self) -> str:
        kinds = [k for k, on in (("running header", self.running_header), ("prose", self.prose)) if on]
        return " + ".join(kinds) or "title and footer"

    def departures(self) -> list[str]:
        """How the document departs from the 2016 drafts' printing: another column order, another label
        style, pillar headings with the word "Pillar" (issue 20 items 2 and 3)."""
        out = []
        if self.order_kind != "printed":
            out.append(f"columns {self.order_kind} ({' | '.join(self.headers())})")
        if self.provision_style != "A.":
            out.append(f"provisions labelled {self.provision_style!r}")
        if self.pillar_style == "Pillar A: Title":
            out.append(f"pillar headings as {self.pillar_style!r}")
        return out

    def headers(self) -> tuple[str, ...]:
        endorsed = ENDORSED_HEADINGS if self.endorsed_headings else {}
        return tuple(endorsed.get(c, HEADINGS[self.assembler][c]) for c in self.order)


def draw(seed: int, fmt: str | None = None) -> Spec:
    """A document's variety from its seed; `fmt` forces the format."""
    rng = random.Random(seed)
    assembler = rng.choice(ASSEMBLERS)
    order_kind = rng.choices(ORDERS, weights=(6, 3, 1))[0]
    order = list(range(6))
    if order_kind == "two swapped":
        i, j = rng.sample(range(1, 6), 2)
        order[i], order[j] = order[j], order[i]
    elif order_kind == "shuffled":
        rest = order[1:]
        while rest == order[1:]:
            rng.shuffle(rest)
        order[1:] = rest
    provision_style = PROVISION_STYLES[0] if rng.random() < 0.5 else rng.choice(PROVISION_STYLES[1:])
    pillar_style = PILLAR_STYLES[0] if rng.random() < 0.6 else rng.choice(PILLAR_STYLES[1:])
    items = ITEM_STYLES if assembler == "nov" else ITEM_STYLES[:4]
    drawn_fmt = rng.choice(FORMATS)
    fmt = fmt or drawn_fmt
    spec = Spec(
        seed=seed,
        fmt=fmt,
        assembler=assembler,
        order=tuple(order),
        order_kind=order_kind,
        provision_style=provision_style,
        pillar_style=pillar_style,
        item_style=rng.choice(items),
        body_style=rng.choice(BODY_STYLES),
        font=(PDF_FONTS if fmt in ("pdf", "txt") else WORD_FONTS)[rng.randrange(len(PDF_FONTS))],
        size=rng.choice((7.0, 7.5, 8.0, 8.5, 9.0, 10.0)),
        margin=float(rng.randint(28, 54)),
        width_jitter=tuple(round(rng.uniform(0.8, 1.25), 2) for _ in range(6)),
        running_header=rng.choice(RUNNING_HEADERS).format(date=rng.choice(DATES)) if rng.random() < 0.5 else "",
        footer=rng.choice(("Page {page} of {pages}", "Page {page}", "")),
        prose=tuple(PROSE[:rng.randint(1, 2)]) if rng.random() < 0.5 else (),
        title=rng.choice(TITLES),
    )
    # drawn apart, so that the choices above stay what they were before this one was added
    if spec.fmt in ("docx", "lo-pdf") and spec.item_style == "•" and random.Random(f"word-{seed}").random() < 0.5:
        spec = replace(spec, word_lists=True)
    if spec.assembler == "nov" and random.Random(f"headings-{seed}").random() < 0.4:
        spec = replace(spec, endorsed_headings=True)
    return spec


# -- the pool of texts --------------------------------------------------------------------------

@dataclass(frozen=True)
class Pool:
    provisions: dict[str, list[tuple[str, str]]]  # pillar -> [(letter, text)] in letter order
    activities: tuple[str, ...]
    areas: tuple[str, ...]


def _plain(text: str) -> bool:
    """A text that reads as one item wherever it is printed: no lead-in, no list or label inside it."""
    return (20 <= len(text) <= 260 and not any(mark in text for mark in (":", ";", " - ", "•", "Note", "Lead"))
            and text[0].isupper() and not text[:3].rstrip(".)").isdigit())


@cache
def pool() -> Pool:
    records = [json.loads(line) for name in POOL_FILES
               for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    provisions: dict[str, dict[str, str]] = {}
    activities: dict[str, None] = {}
    areas: dict[str, None] = {}
    for rec in records:
        if rec["provision_letter"]:
            provisions.setdefault(rec["pillar"], {}).setdefault(rec["provision_letter"], rec["provision_text"])
        if rec["kind"] == "activity" and _plain(rec["activity"]):
            activities[rec["activity"]] = None
        if _plain(rec["area"]):
            areas[rec["area"]] = None
    return Pool({p: sorted(v.items()) for p, v in sorted(provisions.items())}, tuple(activities), tuple(areas))


# -- content: table rows in the canonical column order, and the records they print ---------------

@dataclass
class Matrix:
    rows: list[TableRow] = field(default_factory=list)  # canonical column order
    records: list[dict] = field(default_factory=list)  # ground truth


def provision_label(letter: str, style: str) -> str:
    n = ord(letter) - ord("A") + 1
    return {"A.": f"{letter}.", "a.": f"{letter.lower()}.", "(a)": f"({letter.lower()})", "A)": f"{letter})",
            "1.": f"{n}.", "i.": f"{ROMAN[n - 1]}."}[style]


def pillar_heading(pillar: str, style: str) -> str:
    name = PILLAR_NAMES[pillar]
    return {"A. Title": f"{pillar}. {name}", "A. TITLE": f"{pillar}. {name.upper()}",
            "Pillar A: Title": f"Pillar {pillar}: {name}"}[style]


def item_marker(style: str, k: int, area_no: int = 0) -> str:
    """The marker printed before the k-th item (from 1) of a list."""
    return {"-": "-", "•": "•", "1.": f"{k}.", "a)": f"{chr(96 + k)})", "1.1": f"{area_no}.{k}"}[style]


def _bodies_cell(style: str, lead: list[str], cooperating: list[str]) -> str:
    if not lead:
        return ""
    text = "Lead: " + " and ".join(lead)
    if cooperating:
        text += "\n" + style.split("\n")[1].replace("Y", " and ".join(cooperating))
    return text


def content(spec: Spec) -> Matrix:
    """The matrix's rows and records: 1-3 pillars, 1-3 provisions each, texts drawn from the pool."""
    rng = random.Random(f"content-{spec.seed}")
    texts = pool()
    activities = list(texts.activities)
    rng.shuffle(activities)
    areas = list(texts.areas)
    rng.shuffle(areas)
    matrix = Matrix()
    pillars = sorted(rng.sample(sorted(texts.provisions), rng.randint(1, 3)))
    for pillar in pillars:
        matrix.rows.append(Heading(pillar_heading(pillar, spec.pillar_style)))
        chosen = sorted(rng.sample(texts.provisions[pillar], min(len(texts.provisions[pillar]), rng.randint(1, 3))))
        for letter, provision_text in chosen:
            label = provision_label(letter, spec.provision_style)
            provision = f"{label} {provision_text}"
            base = {"pillar": pillar, "provision": letter, "provision_label": label, "provision_text": provision_text}
            if spec.assembler == "nov":
                _nov_provision(spec, rng, matrix, base, provision, activities, areas)
            else:
                _may_provision(spec, rng, matrix, base, provision, activities)
    return matrix


def _nov_provision(spec: Spec, rng: random.Random, matrix: Matrix, base: dict, provision: str,
                   activities: list[str], areas: list[str]) -> None:
    first_row = True
    for area_no in range(1, rng.randint(1, 3) + 1):
        area = areas.pop() if areas else activities.pop()
        printed_area = f"{area_no}. {area}" if spec.item_style == "1.1" else area
        k = 0
        for r in range(rng.randint(1, 3)):
            items = [activities.pop() for _ in range(2 if rng.random() < 0.2 else 1)]
            lead = rng.sample(BODIES, rng.choice((1, 1, 1, 2))) if rng.random() > 0.07 else []
            cooperating = [b for b in rng.sample(BODIES, rng.randint(0, 2)) if b not in lead] if lead else []
            lines = []
            for text in items:
                k += 1
                marker = item_marker(spec.item_style, k, area_no)
                lines.append(f"{marker} {text}")
                matrix.records.append({**base, "area": area, "category": "", "activity": text,
                                       "activity_ref": marker if marker not in ("-", "•") else "",
                                       "lead": lead, "cooperating": cooperating})
            outputs = rng.choice(OUTPUTS) if rng.random() < 0.25 else ""
            status = rng.choice(STATUSES) if rng.random() < 0.25 else ""
            for rec in matrix.records[-len(items):]:
                rec.update(expected_outputs=outputs, status=status)
            matrix.rows.append((provision if first_row else SPANNED, printed_area if r == 0 else SPANNED,
                                "\n".join(lines), outputs, _bodies_cell(spec.body_style, lead, cooperating), status))
            first_row = False


def _may_provision(spec: Spec, rng: random.Random, matrix: Matrix, base: dict, provision: str,
                   activities: list[str]) -> None:
    for r, body in enumerate(rng.sample(BODIES, rng.randint(1, 3))):
        cells = ["", "", "", ""]
        columns = sorted(rng.sample(range(4), rng.randint(1, 3)))
        for c in columns:
            lines = []
            for k in range(1, rng.choice((1, 1, 2, 3)) + 1):
                text = activities.pop()
                marker = item_marker(spec.item_style, k)
                lines.append(f"{marker} {text}")
                matrix.records.append({**base, "area": "", "category": CATEGORIES[c], "activity": text,
                                       "activity_ref": marker if marker not in ("-", "•") else "",
                                       "lead": [body], "cooperating": [], "expected_outputs": "", "status": ""})
            cells[c] = "\n".join(lines)
        matrix.rows.append((provision if r == 0 else SPANNED, *cells, body))


def ordered(spec: Spec, rows: list[TableRow]) -> list[TableRow]:
    """The rows in the document's column order."""
    return [row if isinstance(row, Heading) else tuple(row[c] for c in spec.order) for row in rows]


# -- writers --------------------------------------------------------------------------------------

def look(spec: Spec) -> Look:
    page = (842.0, 595.0)
    usable = page[0] - 2 * spec.margin
    shares = [WIDTH_SHARES[spec.assembler][c] * spec.width_jitter[c] for c in spec.order]
    widths = tuple(round(usable * s / sum(shares), 1) for s in shares)
    return Look(page_size=page, margin=spec.margin, col_widths=widths, font_size=spec.size,
                leading=round(spec.size * 1.25, 2), title=spec.title, footer=spec.footer, headers=spec.headers(),
                body_column=spec.order.index(BODY_COLUMN[spec.assembler]), font=spec.font,
                running_header=spec.running_header, prose=spec.prose)


def write(spec: Spec, folder: Path) -> tuple[Path, list[dict]]:
    """The document of `spec` in `folder` and its records; "lo-pdf" writes the Word file that
    `convert_with_office` turns into the PDF (the path returned)."""
    matrix = content(spec)
    rows = ordered(spec, matrix.rows)
    if spec.fmt == "pdf":
        path = build_matrix_pdf(folder / f"{spec.name}.pdf", "", rows, look(spec))
    elif spec.fmt == "txt":
        path = folder / f"{spec.name}.txt"
        path.write_text(text_rendition(spec, rows), encoding="utf-8")
    else:
        from corpus.word import build_docx

        path = build_docx(folder / f"{spec.name}.docx", spec, rows)
        if spec.fmt == "lo-pdf":
            path = path.with_suffix(".pdf")
    return path, matrix.records


def text_rendition(spec: Spec, rows: list[TableRow]) -> str:
    """The matrix as a text rendition prints it (raw/*.txt): one line per table row and page, cells
    separated by TABs, a merged cell's text on the lines it is printed beside, the header repeated on
    each page, page furniture on lines of their own."""
    plan = lay_out(rows, "", look(spec))
    header = "\t".join(" ".join(lines) for lines in plan.header_lines)
    lines: list[str] = []
    page = 0
    for part in plan.parts:
        if part.page != page:
            if page:
                lines += ["", spec.footer.format(page=page, pages=plan.pages), ""]
            if spec.running_header:
                lines.append(spec.running_header.format(page=part.page, pages=plan.pages))
            if not page:
                lines += [spec.title, *spec.prose, ""]
            lines.append(header)
            page = part.page
        cells = part_text(plan, rows, part)
        lines.append("\t" + cells[0] + "\t" * 4 if isinstance(rows[part.row], Heading) else "\t".join(cells))
    lines.append(spec.footer.format(page=page, pages=plan.pages))
    return "\n".join(lines) + "\n"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_office(docx_paths: list[Path], folder: Path) -> None:
    """Word files -> PDFs beside them, by LibreOffice in one run (`soffice --headless --convert-to pdf`)."""
    if not docx_paths:
        return
    office = soffice()
    if office is None:
        raise RuntimeError("LibreOffice (soffice) is not installed: the lo-pdf format needs it")
    profile = folder / ".lo-profile"
    subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, docx_paths)], check=True, capture_output=True, timeout=900)
