"""Schematic figures of the chapter "Autoencoders".

Three pictures: the undercomplete autoencoder with its bottleneck, the
variational autoencoder with the reparameterisation trick, and the greedy
layer-wise training of a stacked autoencoder. Each function returns a
matplotlib Figure built from the primitives of neurocomp.diagrams; close it
with plt.close after gluing it.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from .diagrams import BACKWARD, FORWARD, OTHER, Diagram
from .utils import check_int

__all__ = ["autoencoder_diagram", "vae_diagram", "stacked_autoencoder_diagram"]


def _layer_sizes(
    sizes: Sequence[int], name: str, maximum: int
) -> tuple[int, ...]:
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(
            f"{name} must be a sequence of layer sizes; got {sizes!r}"
        )
    out = tuple(check_int(n, f"{name}[{i}]") for i, n in enumerate(sizes))
    if any(n > maximum for n in out):
        raise ValueError(
            f"{name} must hold sizes of at most {maximum} units to fit the "
            f"figure; got {name}={sizes!r}"
        )
    return out


def autoencoder_diagram(
    n_input: int = 6, hidden: Sequence[int] = (4,), n_code: int = 2
) -> Figure:
    """An undercomplete autoencoder: input x, encoder f, code h, decoder g,
    output y.

    Parameters
    ----------
    n_input : int
        Units of the input and of the output layer (at most 8).
    hidden : sequence of int
        Sizes of the encoder's hidden layers, mirrored in the decoder (at most
        8 each, at most two layers).
    n_code : int
        Units of the code layer, the bottleneck (fewer than n_input).

    Returns
    -------
    matplotlib.figure.Figure
        Draws 2 * n_input + 2 * sum(hidden) + n_code units.
    """
    n_input = check_int(n_input, "n_input")
    n_code = check_int(n_code, "n_code")
    hidden = _layer_sizes(hidden, "hidden", 8)
    if n_input > 8:
        raise ValueError(
            "n_input must be at most 8 to fit the figure; got "
            f"n_input={n_input}"
        )
    if len(hidden) > 2:
        raise ValueError(
            f"hidden must hold at most two layers; got {len(hidden)}"
        )
    if n_code >= n_input:
        raise ValueError(
            f"n_code must be smaller than n_input (a bottleneck); got "
            f"n_code={n_code}, n_input={n_input}"
        )
    sizes = (n_input, *hidden, n_code, *reversed(hidden), n_input)
    n_layers = len(sizes)
    spacing = 0.42
    height = spacing * (n_input - 1) + 1.5
    d = Diagram(6.2, height)
    x0, x1 = 0.6, 5.6
    xs = [x0 + (x1 - x0) * i / (n_layers - 1) for i in range(n_layers)]
    middle = len(hidden) + 1  # index of the code layer
    layers = []
    yc = (height - 0.35) / 2
    for i, (x, n) in enumerate(zip(xs, sizes)):
        if i == 0:
            kind, labels = "input", [f"x_{k + 1}" for k in range(n)]
        elif i == n_layers - 1:
            kind, labels = "output", [f"y_{k + 1}" for k in range(n)]
        elif i == middle:
            kind, labels = "focus", [f"h_{k + 1}" for k in range(n)]
        else:
            kind, labels = "hidden", None
        layers.append(
            d.column(
                x,
                n,
                labels=labels,
                kind=kind,
                spacing=spacing,
                y_center=yc,
                radius=0.17,
            )
        )
    for a, b in zip(layers[:-1], layers[1:]):
        d.connect(a, b, color=FORWARD, width=0.6, head=False)
    top = yc + spacing * (n_input - 1) / 2 + 0.25
    bottom = yc - spacing * (n_input - 1) / 2 - 0.25
    d.frame(
        xs[0] - 0.3,
        bottom,
        xs[middle] - 0.3,
        top,
        "encoder $f$",
        color=FORWARD,
    )
    d.frame(
        xs[middle] + 0.3, bottom, xs[-1] + 0.3, top, "decoder $g$", color=OTHER
    )
    d.text(
        xs[middle],
        yc - spacing * (n_code - 1) / 2 - 0.45,
        "code $\\mathbf{h}$",
        size=10,
    )
    return d.finish()


def vae_diagram() -> Figure:
    """The variational autoencoder with the reparameterisation trick.

    The encoder maps x to the mean and log-variance of q_phi(z | x); the sample
    z = mu + sigma * eps takes its randomness from eps ~ N(0, I), drawn outside
    the network, so that gradients (orange, dashed) flow back to mu and sigma
    but not into eps. The decoder maps z to the pixel probabilities; the two
    terms of -ELBO are boxes.

    Returns
    -------
    matplotlib.figure.Figure
        Eight boxes and one unit (the noise eps).
    """
    d = Diagram(6.4, 3.2)
    y = 1.75
    x_in = d.box(0.3, y, "$\\mathbf{x}$", width=0.45, height=0.5, kind="input")
    enc = d.box(
        1.15, y, "encoder\n$q_\\phi$", width=0.9, height=0.75, kind="hidden"
    )
    mu = d.box(
        2.4,
        y + 0.55,
        "$\\boldsymbol{\\mu}_\\phi(\\mathbf{x})$",
        width=0.95,
        height=0.42,
        kind="op",
    )
    lv = d.box(
        2.4,
        y - 0.55,
        "$\\log\\boldsymbol{\\sigma}^2_\\phi(\\mathbf{x})$",
        width=1.1,
        height=0.42,
        kind="op",
    )
    z = d.box(
        3.7,
        y,
        "$\\mathbf{z} = \\boldsymbol{\\mu}$\n$+\\,\\boldsymbol{\\sigma}"
        "\\odot\\boldsymbol{\\varepsilon}$",
        width=0.95,
        height=0.75,
        kind="focus",
    )
    eps = d.node(
        3.7, 0.45, "\\boldsymbol{\\varepsilon}", kind="bias", radius=0.22
    )
    d.text(
        3.98,
        0.45,
        "$\\sim\\mathcal{N}(\\mathbf{0}, \\mathbf{I})$",
        ha="left",
        size=10,
    )
    dec = d.box(
        4.85, y, "decoder\n$p_\\theta$", width=0.9, height=0.75, kind="hidden"
    )
    out = d.box(6.0, y, "$\\mathbf{y}$", width=0.45, height=0.5, kind="output")
    kl = d.box(
        2.55,
        2.95,
        "KL$(q_\\phi \\Vert p)$",
        width=1.15,
        height=0.42,
        kind="loss",
    )
    rec = d.box(
        4.85,
        2.95,
        "$-\\log p_\\theta(\\mathbf{x}\\mid\\mathbf{z})$",
        width=1.55,
        height=0.42,
        kind="loss",
    )
    d.arrow(x_in, enc, color=FORWARD)
    d.arrow(enc, mu, color=FORWARD)
    d.arrow(enc, lv, color=FORWARD)
    d.arrow(mu, z, color=FORWARD)
    d.arrow(lv, z, color=FORWARD)
    d.arrow(eps, z, color=OTHER)
    d.arrow(z, dec, color=FORWARD)
    d.arrow(dec, out, color=FORWARD)
    d.arrow(dec, rec, color=FORWARD)
    d.arrow((mu.x, mu.y + 0.21), (mu.x, kl.y - 0.21), color=FORWARD)
    # log var -> KL
    d.arrow((lv.x - 0.55, lv.y), (1.72, lv.y), head=False, color=FORWARD)
    d.arrow((1.72, lv.y), (1.72, kl.y), head=False, color=FORWARD)
    d.arrow((1.72, kl.y), kl, color=FORWARD)
    # the gradient of the reconstruction term: back through z to mu and sigma,
    # not into eps
    d.arrow((4.4, y - 0.2), (4.17, y - 0.2), color=BACKWARD, dashed=True)
    d.arrow((3.3, y + 0.38), (2.9, y + 0.5), color=BACKWARD, dashed=True)
    d.arrow((3.3, y - 0.38), (3.0, y - 0.72), color=BACKWARD, dashed=True)
    d.text(
        1.15,
        0.45,
        "gradients (dashed) reach\n$\\boldsymbol{\\mu}$ and "
        "$\\boldsymbol{\\sigma}$, never $\\boldsymbol{\\varepsilon}$",
        size=9,
        color=BACKWARD,
    )
    return d.finish()


def stacked_autoencoder_diagram(sizes: Sequence[int] = (6, 4, 3)) -> Figure:
    """Greedy layer-wise training of a stacked autoencoder, one panel per
    stage.

    Stage l trains a shallow autoencoder h^(l-1) -> h^(l) -> reconstruction of
    h^(l-1) on the codes of the frozen layers below (drawn grey); the last
    panel is the stack with a classifier on top, fine-tuned end to end.

    Parameters
    ----------
    sizes : sequence of int
        Units of the input and of each code layer, bottom to top (2 to 3 layers
        after the input, each at most 7 units).

    Returns
    -------
    matplotlib.figure.Figure
        len(sizes) panels: len(sizes) - 1 training stages and the fine-tuned
        stack.
    """
    sizes = _layer_sizes(sizes, "sizes", 7)
    if not 3 <= len(sizes) <= 4:
        raise ValueError(
            f"sizes must hold the input and two or three code layers; got "
            f"{len(sizes)} sizes"
        )
    n_stages = len(sizes) - 1
    panel = 6.3 / (n_stages + 1)
    spacing, radius = 0.3, 0.1
    ys = [0.5 + 0.85 * i for i in range(len(sizes) + 1)]
    d = Diagram(6.4, ys[-1] + 0.35)

    def row(xc: float, y: float, n: int, kind: str) -> list:
        xs = [xc + spacing * (k - (n - 1) / 2) for k in range(n)]
        return [d.node(x, y, kind=kind, radius=radius) for x in xs]

    for s in range(n_stages):
        xc = panel * (s + 0.5) + 0.05
        below = []
        # frozen layers below, grey; the input layer blue
        for lvl in range(s + 1):
            layer = row(
                xc, ys[lvl], sizes[lvl], "input" if lvl == 0 else "hidden"
            )
            if below:
                d.connect(below, layer, color="#999999", width=0.5, head=False)
            below = layer
        code = row(xc, ys[s + 1], sizes[s + 1], "focus")
        recon = row(xc, ys[s + 2], sizes[s], "output")
        d.connect(below, code, color=FORWARD, width=0.5, head=False)
        d.connect(code, recon, color=OTHER, width=0.5, head=False)
        d.text(xc, 0.12, f"stage {s + 1}", size=10)
    xc = panel * (n_stages + 0.5) + 0.05
    below = None
    for lvl, n in enumerate(sizes):
        layer = row(xc, ys[lvl], n, "input" if lvl == 0 else "hidden")
        if below:
            d.connect(below, layer, color=FORWARD, width=0.5, head=False)
        below = layer
    top = d.box(
        xc,
        ys[len(sizes)],
        "softmax",
        width=0.9,
        height=0.32,
        kind="output",
        size=9,
    )
    for u in below:
        d.arrow(u, top, color=FORWARD, width=0.5, head=False)
    d.text(xc, 0.12, "fine-tune", size=10)
    return d.finish()
