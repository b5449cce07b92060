"""A single plotting style for every figure of the book.

Figures must read well in the light and the dark theme of the site and in the
PDF, so they are drawn on an opaque white background with dark text.
"""

from __future__ import annotations

import matplotlib as mpl

#: Colours used across the book (colour-blind safe, from the Okabe-Ito
#: palette).
COLORS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
    "#000000",
)


def set_style() -> None:
    """Apply the book's matplotlib style (opaque background, readable fonts,
    grid)."""
    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 3.6),
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "figure.facecolor": "white",
            "axes.facecolor": "white",
            "savefig.facecolor": "white",
            "savefig.transparent": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=COLORS),
            "font.size": 10,
            "axes.titlesize": 11,
            "legend.frameon": False,
            "image.cmap": "viridis",
        }
    )
