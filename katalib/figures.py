"""Checks that a saved figure or document is real: the right format, a sensible size, something drawn.

A path that exists is no evidence; these open the file, and a PNG of empty axes (a figure saved
before anything was plotted: frame, ticks and labels only) is rejected. For a figure the test can
also inspect, the artist helpers (`axes_artists`, `collection_colours`, `legend_texts`) check what
was drawn: how many bars/lines/points, which colours, which legend entries. Every failure says
what was found.
"""
from __future__ import annotations

from pathlib import Path

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _unpack(code):
    import numpy as np

    return np.array([(code >> 16) & 255, (code >> 8) & 255, code & 255])


def _mode(rgb):
    """The most common colour of an (..., 3) integer array."""
    import numpy as np

    packed = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
    values, counts = np.unique(packed.ravel(), return_counts=True)
    return _unpack(values[counts.argmax()]), values, counts


def _frames(rgb):
    """Bounding boxes (top, bottom, left, right) of the plot frames in an image.

    A frame is a large connected shape that differs from the figure background (the colour of
    the image border): an Axes' spines joined by their ticks, an Axes face of its own colour
    (seaborn/ggplot styles; grid lines drawn across it are bridged), or a big drawing without a
    frame (an image, a heatmap). Text glyphs are small and never make a frame.
    """
    import numpy as np
    from scipy import ndimage

    h, w, _ = rgb.shape
    border = np.concatenate([rgb[:2].reshape(-1, 3), rgb[-2:].reshape(-1, 3),
                             rgb[:, :2].reshape(-1, 3), rgb[:, -2:].reshape(-1, 3)])
    bg, _, _ = _mode(border)
    masks = [np.abs(rgb - bg).max(axis=2) > 10]
    _, values, counts = _mode(rgb)
    packed = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
    bridge = max(2, int(0.006 * min(h, w)))
    for code in values[counts >= 0.05 * h * w]:  # face colours: closed over the grid lines
        if np.abs(_unpack(code) - bg).max() > 10:
            masks.append(ndimage.binary_closing(packed == code, structure=np.ones((2 * bridge + 1,) * 2)))
    boxes = []
    for mask in masks:
        labels, _ = ndimage.label(mask, structure=np.ones((3, 3)))
        for sl in ndimage.find_objects(labels):
            top, bottom, left, right = sl[0].start, sl[0].stop, sl[1].start, sl[1].stop
            if bottom - top >= 0.08 * h and right - left >= 0.08 * w:
                boxes.append((top, bottom, left, right))
    return boxes


def _drop_thin_lines(drawn):
    """Clear the rows of `drawn` that form thin straight lines across it (grid lines: solid, dashed or dotted)."""
    import numpy as np

    n, width = drawn.shape
    any_hit = drawn.any(axis=1)
    first = np.where(any_hit, drawn.argmax(axis=1), width)
    last = np.where(any_hit, width - 1 - drawn[:, ::-1].argmax(axis=1), -1)
    dense = (drawn.mean(axis=1) >= 0.1) & (first <= 0.05 * width) & (last >= 0.95 * width - 1)
    thin = max(3, int(0.006 * n))
    i = 0
    while i < n:
        if not dense[i]:
            i += 1
            continue
        j = i
        while j < n and dense[j]:
            j += 1
        if j - i <= thin:
            drawn[i:j] = False
        i = j


def drawn_pixels(path) -> int:
    """How many pixels inside the plot frames of a PNG are drawn content.

    Counted inside each frame (an Axes' spines or face, see `_frames`), away from its border
    (where ticks may point in): pixels that differ clearly from the frame's own most common colour,
    leaving out thin straight lines across the whole frame (grid lines). Frame, ticks, tick labels,
    titles and axis labels count nothing, so empty axes give 0 (or nearly).
    """
    import numpy as np
    from PIL import Image

    with Image.open(path) as img:
        rgb = np.asarray(img.convert("RGB")).astype(np.int64)
    covered = np.zeros(rgb.shape[:2], dtype=bool)
    for top, bottom, left, right in _frames(rgb):
        margin = max(4, int(0.04 * min(bottom - top, right - left)))
        t, b, l, r = top + margin, bottom - margin, left + margin, right - margin
        if b - t < 8 or r - l < 8:
            continue
        inner = rgb[t:b, l:r]
        face, _, _ = _mode(inner)
        drawn = np.abs(inner - face).max(axis=2) > 40
        _drop_thin_lines(drawn)
        _drop_thin_lines(drawn.T)
        covered[t:b, l:r] |= drawn
    return int(covered.sum())


def assert_png(path, *, min_width: int = 200, min_height: int = 150, what: str = "figure",
               min_drawn: int | None = None):
    """Open a PNG and check its signature, pixel size and that something is drawn in it. Returns (h, w).

    "Something drawn" means more than empty axes: `drawn_pixels` (content inside the axes frames,
    not counting frame, ticks, labels, titles or grid lines) must reach `min_drawn`, by default
    0.05 % of the image and at least 100 pixels (a single plotted curve gives several times that).
    """
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
    needed = max(100, int(0.0005 * width * height)) if min_drawn is None else min_drawn
    found = drawn_pixels(path)
    assert found >= needed, (
        f"{path.name} shows empty axes: {found} drawn pixels inside the plot frame(s), expected at least {needed} "
        f"for a {what}. Was the figure saved before plotting? Draw first, then fig.savefig(path)")
    return height, width


def collection_colours(ax, *, kind=None) -> set[tuple[float, float, float, float]]:
    """The distinct face colours (RGBA, rounded to 3 decimals) of the points/patches in an Axes' collections.

    A scatter coloured by a hue (seaborn `hue=`, or `ax.scatter(..., c=codes)`) has one colour per
    group; a scatter in one colour has one. Colours mapped from data (`c=` with a colormap) are
    resolved first. kind: a collection class to restrict to (default: PathCollection, the scatter type).
    """
    import numpy as np
    from matplotlib.collections import PathCollection

    kind = PathCollection if kind is None else kind
    colours: set[tuple[float, float, float, float]] = set()
    for coll in ax.collections:
        if not isinstance(coll, kind) or len(coll.get_offsets()) == 0:
            continue
        coll.update_scalarmappable()
        faces = np.asarray(coll.get_facecolors(), dtype=float).reshape(-1, 4)
        if len(faces) == 0:  # hollow markers: the edge carries the colour
            faces = np.asarray(coll.get_edgecolors(), dtype=float).reshape(-1, 4)
        colours.update(tuple(round(float(v), 3) for v in c) for c in faces)
    return colours


def point_colours(ax, *, kind=None) -> list[tuple[float, float, float, float]]:
    """The face colour of every point, in offset order, over an Axes' scatter collections (PathCollection)."""
    import numpy as np
    from matplotlib.collections import PathCollection

    kind = PathCollection if kind is None else kind
    out = []
    for coll in ax.collections:
        n = len(coll.get_offsets())
        if not isinstance(coll, kind) or n == 0:
            continue
        coll.update_scalarmappable()
        faces = np.asarray(coll.get_facecolors(), dtype=float).reshape(-1, 4)
        if len(faces) == 0:
            faces = np.asarray(coll.get_edgecolors(), dtype=float).reshape(-1, 4)
        faces = np.broadcast_to(faces, (n, 4)) if len(faces) == 1 else faces
        out.extend(tuple(round(float(v), 3) for v in c) for c in faces[:n])
    return out


def legend_texts(ax) -> list[str]:
    """The entry labels of the legend on an Axes, or on its figure when the Axes has none ([] if no legend)."""
    legend = ax.get_legend()
    if legend is None:
        legends = list(getattr(ax.figure, "legends", []))
        legend = legends[0] if legends else None
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]


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
