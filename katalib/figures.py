"""Checks that a saved figure or document is real: the right format, a sensible size, not blank.

A path that exists is no evidence; these open the file. Every failure says what was found.
"""
from __future__ import annotations

from pathlib import Path

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def assert_png(path, *, min_width: int = 200, min_height: int = 150, what: str = "figure"):
    """Open a PNG, check its signature, pixel size and that it is not one flat colour. Returns (h, w)."""
    import numpy as np
    from PIL import Image

    path = Path(path)
    assert path.exists(), f"the {what} should be saved at {path}, but no file is there"
    head = path.read_bytes()[:8]
    assert head == PNG_MAGIC, f"{path.name} is not a PNG file (starts with {head!r}); save with fig.savefig(path) and a .png name"
    with Image.open(path) as img:
        img.load()
        width, height = img.size
        pixels = np.asarray(img.convert("L"), dtype=float)
    assert width >= min_width and height >= min_height, (
        f"{path.name} is {width}x{height} pixels; expected at least {min_width}x{min_height} for a readable {what}")
    assert pixels.std() > 1.0, f"{path.name} is a blank image (one flat colour): was anything drawn before saving?"
    return height, width


def read_saved_text(path, call: str) -> str:
    """The text of a note/report the learner's `call` should have written at path."""
    path = Path(path)
    assert path.exists(), f"{call} did not create {path.name}"
    return path.read_text(encoding="utf-8")


def pdf_reader(path):
    from pypdf import PdfReader

    path = Path(path)
    assert path.exists(), f"the PDF should be saved at {path}, but no file is there"
    assert path.read_bytes()[:5] == b"%PDF-", f"{path.name} is not a PDF file"
    return PdfReader(str(path))


def pdf_page_count(path) -> int:
    return len(pdf_reader(path).pages)


def pdf_drawing_count(path) -> int:
    """How many images and vector drawing operations the PDF's pages hold (a figure draws many paths)."""
    reader = pdf_reader(path)
    count = 0
    for page in reader.pages:
        count += len(page.images)
        content = page.get_contents()
        if content is not None:
            data = content.get_data()
            count += data.count(b" re\n") + data.count(b" l\n") + data.count(b" c\n") + data.count(b" Do\n")
    return count


def html_image_count(path) -> int:
    """Number of embedded raster/vector images in an HTML export (<img> tags and inline <svg>)."""
    import re

    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return len(re.findall(r"<img\b[^>]*src=\"data:image/", text)) + len(re.findall(r"<svg\b", text))


def axes_artists(ax) -> dict[str, int]:
    """A summary of what an Axes holds, for checking the plot type."""
    from matplotlib.collections import PathCollection, PolyCollection, QuadMesh
    from matplotlib.image import AxesImage

    return {
        "lines": len(ax.lines),
        "patches": len(ax.patches),
        "path_collections": sum(isinstance(c, PathCollection) for c in ax.collections),
        "poly_collections": sum(isinstance(c, PolyCollection) for c in ax.collections),
        "quadmeshes": sum(isinstance(c, QuadMesh) for c in ax.collections),
        "images": sum(isinstance(i, AxesImage) for i in ax.images),
        "has_xlabel": bool(ax.get_xlabel()),
        "has_ylabel": bool(ax.get_ylabel()),
        "has_title": bool(ax.get_title()),
        "has_legend": ax.get_legend() is not None,
    }
