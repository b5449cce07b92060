"""Schematic figures of the chapter "Restricted Boltzmann machines".

The bipartite graph of an RBM, the block Gibbs chain that contrastive
divergence runs for k steps from a data vector, and a deep belief network (a
stack of RBMs whose top pair stays undirected). Each function returns a
matplotlib Figure built from the primitives of neurocomp.diagrams; close it
with plt.close after gluing it.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from .diagrams import BACKWARD, EDGE, FORWARD, OTHER, Diagram, Node
from .utils import check_int

__all__ = ["rbm_diagram", "gibbs_chain_diagram", "dbn_diagram"]


def _row(
    d: Diagram,
    xc: float,
    y: float,
    n: int,
    spacing: float,
    kind: str,
    labels: Sequence[str] | None = None,
    radius: float = 0.2,
) -> list[Node]:
    """n units side by side, centred at xc, at height y."""
    xs = [xc + spacing * (k - (n - 1) / 2) for k in range(n)]
    return [
        d.node(x, y, labels[k] if labels else "", kind=kind, radius=radius)
        for k, x in enumerate(xs)
    ]


def rbm_diagram(n_visible: int = 5, n_hidden: int = 3) -> Figure:
    """The bipartite graph of an RBM: every visible unit to every hidden unit,
    no others.

    Parameters
    ----------
    n_visible, n_hidden : int
        Units of the two layers (at most 8 each).

    Returns
    -------
    matplotlib.figure.Figure
        n_visible + n_hidden units and n_visible * n_hidden undirected edges
        (lines without arrow heads), one of them highlighted and labelled W_ij.
    """
    n_visible = check_int(n_visible, "n_visible")
    n_hidden = check_int(n_hidden, "n_hidden")
    for name, n in (("n_visible", n_visible), ("n_hidden", n_hidden)):
        if n > 8:
            raise ValueError(
                f"{name} must be at most 8 to fit the figure; got {name}={n}"
            )
    d = Diagram(6.4, 2.7)
    xc, spacing = 3.0, 0.62
    hidden = _row(
        d,
        xc,
        2.1,
        n_hidden,
        spacing,
        "hidden",
        [f"h_{j + 1}" for j in range(n_hidden)],
    )
    visible = _row(
        d,
        xc,
        0.6,
        n_visible,
        spacing,
        "input",
        [f"v_{i + 1}" for i in range(n_visible)],
    )
    for i, v in enumerate(visible):
        for j, h in enumerate(hidden):
            focus = i == 0 and j == 0
            d.arrow(
                v,
                h,
                head=False,
                color=OTHER if focus else EDGE,
                width=2.0 if focus else 0.7,
            )
    v0, h0 = visible[0], hidden[0]
    d.text(
        (v0.x + h0.x) / 2 - 0.22,
        (v0.y + h0.y) / 2,
        "$W_{11}$",
        color=OTHER,
        size=10,
        ha="right",
    )
    left = min(visible[0].x, hidden[0].x) - 0.35
    right = max(visible[-1].x, hidden[-1].x) + 0.35
    d.text(
        right + 0.1,
        2.1,
        "hidden $\\mathbf{h}$, biases $\\mathbf{c}$",
        ha="left",
        size=10,
    )
    d.text(
        right + 0.1,
        0.6,
        "visible $\\mathbf{v}$, biases $\\mathbf{b}$",
        ha="left",
        size=10,
    )
    d.text(
        left - 0.05,
        1.35,
        "no edges\ninside a layer",
        ha="right",
        size=9,
        color="#666666",
    )
    return d.finish()


def gibbs_chain_diagram(k: int = 2) -> Figure:
    """Block Gibbs sampling as contrastive divergence CD-k runs it.

    The chain starts at a training vector v^(0) = x, samples h^(0) ~ p(h |
    v^(0)), then v^(1) ~ p(v | h^(0)), and so on up to v^(k); the positive
    phase is measured at the data (t = 0), the negative phase at the end of the
    chain (t = k).

    Parameters
    ----------
    k : int
        Number of Gibbs steps (1 to 4).

    Returns
    -------
    matplotlib.figure.Figure
        k + 1 visible and k + 1 hidden states as boxes, 2k + 1 sampling arrows.
    """
    k = check_int(k, "k")
    if k > 4:
        raise ValueError(f"k must be at most 4 to fit the figure; got k={k}")
    d = Diagram(6.4, 2.9)
    step = 4.9 / (k + 0.5)
    x0, yv, yh = 0.95, 0.75, 2.05
    vis, hid = [], []
    for t in range(k + 1):
        x = x0 + step * t
        vis.append(
            d.box(
                x,
                yv,
                f"$\\mathbf{{v}}^{{({t})}}$",
                width=0.62,
                height=0.46,
                kind="input" if t == 0 else "hidden",
            )
        )
        hid.append(
            d.box(
                x + step / 2,
                yh,
                f"$\\mathbf{{h}}^{{({t})}}$",
                width=0.62,
                height=0.46,
                kind="hidden",
            )
        )
    for t in range(k + 1):
        d.arrow(
            vis[t],
            hid[t],
            "p(\\mathbf{h}\\mid\\mathbf{v})" if t == 0 else "",
            color=FORWARD,
            label_offset=(-0.45, 0.1),
        )
        if t < k:
            d.arrow(
                hid[t],
                vis[t + 1],
                "p(\\mathbf{v}\\mid\\mathbf{h})" if t == 0 else "",
                color=OTHER,
                label_offset=(0.35, 0.35),
            )
        d.text(
            vis[0].x,
            0.22,
            "data $\\mathbf{x}$: positive phase",
            size=9,
            color=FORWARD,
        )
    d.text(
        vis[-1].x,
        0.22,
        f"after $k={k}$: negative phase",
        size=9,
        color=BACKWARD,
    )
    d.text(
        3.2,
        2.72,
        "one Gibbs step: $\\mathbf{v}^{(t)} \\to \\mathbf{h}^{(t)} \\to "
        "\\mathbf{v}^{(t+1)}$, each layer sampled at once",
        size=10,
    )
    return d.finish()


def dbn_diagram(layer_sizes: Sequence[int] = (5, 4, 4, 3)) -> Figure:
    """A deep belief network: directed sigmoid layers below an undirected top
    RBM.

    Parameters
    ----------
    layer_sizes : sequence of int
        Units of the visible layer and of each hidden layer, bottom to top (3
        to 5 layers of at most 7 units).

    Returns
    -------
    matplotlib.figure.Figure
        One row of units per layer, every pair of adjacent layers fully
        connected; the top pair is undirected (green), the lower pairs are
        directed top-down, which a single arrow beside them shows.
    """
    if isinstance(layer_sizes, (str, bytes)) or not isinstance(
        layer_sizes, Sequence
    ):
        raise TypeError(
            "layer_sizes must be a sequence of layer sizes; got "
            f"{layer_sizes!r}"
        )
    sizes = tuple(
        check_int(n, f"layer_sizes[{i}]") for i, n in enumerate(layer_sizes)
    )
    if not 3 <= len(sizes) <= 5 or max(sizes) > 7:
        raise ValueError(
            f"layer_sizes must hold 3 to 5 layers of at most 7 units; got "
            f"layer_sizes={layer_sizes!r}"
        )
    gap = 0.75
    d = Diagram(5.6, 0.5 + gap * (len(sizes) - 1) + 0.45)
    xc, spacing = 2.0, 0.5
    rows = []
    for lvl, n in enumerate(sizes):
        label = "\\mathbf{v}" if lvl == 0 else f"\\mathbf{{h}}^{{({lvl})}}"
        rows.append(
            _row(
                d,
                xc,
                0.45 + gap * lvl,
                n,
                spacing,
                "input" if lvl == 0 else "hidden",
                radius=0.15,
            )
        )
        d.text(
            xc - spacing * (max(sizes) - 1) / 2 - 0.45,
            0.45 + gap * lvl,
            f"${label}$",
            ha="right",
            size=10,
        )
    for lvl in range(len(sizes) - 1):
        top = lvl == len(sizes) - 2
        for a in rows[lvl + 1]:
            for b in rows[lvl]:
                if top:
                    d.arrow(b, a, head=False, color=OTHER, width=0.7)
                else:
                    d.arrow(a, b, head=False, color=FORWARD, width=0.5)
    x_note = xc + spacing * (max(sizes) - 1) / 2 + 0.45
    y_top = 0.45 + gap * (len(sizes) - 1.5)
    d.text(
        x_note, y_top, "top RBM:\nundirected", ha="left", size=9, color=OTHER
    )
    y_low = 0.45 + gap * (len(sizes) - 2)
    d.arrow(
        (x_note - 0.2, y_low), (x_note - 0.2, 0.45), color=FORWARD, width=2.0
    )
    d.text(
        x_note,
        0.45 + gap * (len(sizes) - 2.5) / 2 + 0.1,
        "sigmoid belief net:\ndirected, top-down\n$p(\\mathbf{h}^{(l-1)}\\mid"
        "\\mathbf{h}^{(l)})$",
        ha="left",
        size=9,
        color=FORWARD,
    )
    return d.finish()
