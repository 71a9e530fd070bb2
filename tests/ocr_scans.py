"""Scans made the way a photocopier or fax makes them, from the office-suite PDFs of the matrices.

`scan_pdf(pdf, dpi, ...)` renders each page with pdftoppm (poppler-utils) at `dpi`, turns it by up
to a degree, adds specks, blurs it a little, JPEG-compresses it and saves the pages as an
image-only PDF (img2pdf, which embeds the JPEG as it is: no text layer). Everything is seeded, so
the same arguments give the same bytes. Used for the tests' fixture (tests/fixtures/scans/, made by
`python tests/ocr_scans.py`) and by `tests/ocr_figure.py`.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).parent
OFFICE = HERE / "fixtures" / "office"
SCANS = HERE / "fixtures" / "scans"


@dataclass(frozen=True)
class Damage:
    """What the copier does to a page: turn (degrees, the sign alternating by page), specks per page,
    blur radius (pixels at 200 dpi, scaled with the dpi), JPEG quality."""

    angle: float = 0.7
    specks: int = 250
    blur: float = 0.6
    quality: int = 60
    seed: int = 2016


def render(pdf: Path, dpi: int, first: int | None = None, last: int | None = None) -> list[Image.Image]:
    """The pages of `pdf` as greyscale images at `dpi` (pdftoppm)."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["pdftoppm", "-r", str(dpi), "-gray", "-png"]
        if first:
            cmd += ["-f", str(first)]
        if last:
            cmd += ["-l", str(last)]
        subprocess.run([*cmd, str(pdf), f"{tmp}/p"], check=True)
        pages = []
        for png in sorted(Path(tmp).glob("p-*.png")):
            with Image.open(png) as im:
                pages.append(im.convert("L"))
        return pages


def damage(page: Image.Image, dpi: int, index: int, how: Damage) -> Image.Image:
    """One page photocopied: turned, speckled, blurred (JPEG compression is applied when saving)."""
    rnd = random.Random(how.seed * 1000 + index)
    angle = how.angle * (1 if index % 2 else -1) * (0.6 + 0.4 * rnd.random())
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    draw = ImageDraw.Draw(page)
    w, h = page.size
    for _ in range(how.specks):
        x, y = rnd.randrange(w), rnd.randrange(h)
        r = max(1, round(rnd.uniform(0.5, 1.6) * dpi / 200))
        draw.ellipse((x, y, x + r, y + r), fill=rnd.randrange(0, 90))
    if how.blur:
        page = page.filter(ImageFilter.GaussianBlur(how.blur * dpi / 200))
    return page


def jpeg(page: Image.Image, dpi: int, quality: int) -> bytes:
    buf = io.BytesIO()
    page.save(buf, "JPEG", quality=quality, dpi=(dpi, dpi), optimize=True)
    return buf.getvalue()


def scan_pages(pdf: Path, dpi: int, how: Damage = Damage(), first: int | None = None,
               last: int | None = None) -> list[bytes]:
    """The pages of `pdf` scanned, each as JPEG bytes that carry their dpi."""
    return [jpeg(damage(p, dpi, i, how), dpi, how.quality)
            for i, p in enumerate(render(pdf, dpi, first, last), start=first or 1)]


def scan_pdf(pdf: Path, out: Path, dpi: int, how: Damage = Damage(), first: int | None = None,
             last: int | None = None) -> Path:
    """`pdf` scanned into the image-only PDF `out`, one JPEG per page at `dpi`."""
    import img2pdf  # here: the tests that import this module for its other helpers need not load it

    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    out.write_bytes(img2pdf.convert(scan_pages(pdf, dpi, how, first, last), layout_fun=layout,
                                    creationdate=None, moddate=None, nodate=True))
    return out


def main() -> int:
    """Make the committed scan fixture: page 1 of the November matrix at 150 dpi, as a JPEG (the tests
    read it as a page image, and embed it unchanged in image-only and mixed PDFs with img2pdf)."""
    SCANS.mkdir(exist_ok=True)
    out = SCANS / "nov-2016-p1-150dpi.jpg"
    out.write_bytes(scan_pages(OFFICE / "nov-2016.pdf", 150, first=1, last=1)[0])
    print(f"{out}: {out.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
