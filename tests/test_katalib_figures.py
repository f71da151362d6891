"""katalib.figures: a PNG of empty axes is rejected, a real plot passes; the artist helpers see colours and legends."""
import numpy as np
import pytest

from katalib import figures


def _save(path, draw=None, *, style="default", labels=True, dpi=100, **subplots):
    import matplotlib.pyplot as plt

    with plt.style.context(style):
        fig, ax = plt.subplots(**subplots)
        first = np.atleast_1d(ax)[0]
        if labels:
            first.set_title("Age distribution by survival status")
            first.set_xlabel("Age (years)")
            first.set_ylabel("Passengers")
        if draw is not None:
            draw(first)
        fig.savefig(path, dpi=dpi)
        plt.close(fig)
    return path


EMPTY = [
    pytest.param({}, id="default"),
    pytest.param({"dpi": 200}, id="default-200dpi"),
    pytest.param({"labels": False}, id="no-labels"),
    pytest.param({"ncols": 3, "figsize": (12, 4)}, id="three-subplots"),
    pytest.param({"style": "seaborn-v0_8-darkgrid"}, id="seaborn-darkgrid"),
    pytest.param({"style": "ggplot"}, id="ggplot"),
    pytest.param({"style": "classic", "draw": lambda ax: ax.grid(True)}, id="classic-dotted-grid"),
]


@pytest.mark.parametrize("kwargs", EMPTY)
def test_a_png_of_empty_axes_is_rejected(tmp_path, kwargs):
    path = _save(tmp_path / "empty.png", **kwargs)
    assert figures.drawn_pixels(path) < 100
    with pytest.raises(AssertionError, match="empty axes"):
        figures.assert_png(path, what="histogram")


def test_a_figure_saved_before_plotting_is_rejected(tmp_path):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_xlabel("Age")
    fig.savefig(tmp_path / "early.png")
    ax.hist(np.random.default_rng(0).normal(size=200), bins=15)
    plt.close(fig)
    with pytest.raises(AssertionError, match="saved before plotting"):
        figures.assert_png(tmp_path / "early.png")


x = np.linspace(-2, 3, 200)
REAL = [
    pytest.param({"draw": lambda ax: ax.plot(x, x ** 3, "k")}, id="one-black-curve"),
    pytest.param({"draw": lambda ax: ax.plot(x, np.sin(x), color="0.5", lw=0.8)}, id="thin-grey-curve"),
    pytest.param({"draw": lambda ax: ax.scatter(np.arange(10), np.arange(10) % 3)}, id="ten-points"),
    pytest.param({"draw": lambda ax: ax.bar(["a", "b", "c"], [3, 5, 2])}, id="three-bars"),
    pytest.param({"draw": lambda ax: ax.imshow(np.arange(100).reshape(10, 10))}, id="image"),
    pytest.param({"draw": lambda ax: ax.plot(x, x ** 3, "k"), "style": "seaborn-v0_8-darkgrid"}, id="curve-darkgrid"),
    pytest.param({"draw": lambda ax: ax.plot(x, x ** 3), "style": "classic", "dpi": 150}, id="curve-classic"),
]


@pytest.mark.parametrize("kwargs", REAL)
def test_a_real_plot_passes(tmp_path, kwargs):
    path = _save(tmp_path / "real.png", **kwargs)
    height, width = figures.assert_png(path, what="plot")
    assert figures.drawn_pixels(path) >= max(100, 0.0005 * height * width)


def test_flat_and_non_png_files_are_rejected(tmp_path):
    from PIL import Image

    Image.new("RGB", (640, 480), "white").save(tmp_path / "white.png")
    with pytest.raises(AssertionError, match="blank image"):
        figures.assert_png(tmp_path / "white.png")
    (tmp_path / "fake.png").write_bytes(b"not a png")
    with pytest.raises(AssertionError, match="not a PNG"):
        figures.assert_png(tmp_path / "fake.png")
    with pytest.raises(AssertionError, match="no file is there"):
        figures.assert_png(tmp_path / "missing.png")


def test_collection_colours_tell_a_hue_scatter_from_a_one_colour_one():
    import matplotlib.pyplot as plt
    import pandas as pd
    import seaborn as sns

    df = pd.DataFrame({"x": np.arange(9.0), "y": np.arange(9.0) % 4, "g": list("aaabbbccc")})
    _, (one, mapped, hue) = plt.subplots(ncols=3)
    one.scatter(df.x, df.y)
    mapped.scatter(df.x, df.y, c=pd.factorize(df.g)[0])
    sns.scatterplot(data=df, x="x", y="y", hue="g", ax=hue)
    assert len(figures.collection_colours(one)) == 1
    assert len(figures.collection_colours(mapped)) == 3
    assert len(figures.collection_colours(hue)) == 3
    colours = figures.point_colours(hue)
    assert len(colours) == 9 and colours[0] == colours[2] != colours[3]
    assert figures.legend_texts(hue) == ["a", "b", "c"] and figures.legend_texts(one) == []
    plt.close("all")
