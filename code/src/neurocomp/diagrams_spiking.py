"""Schematic figures of the chapter *Spiking neural networks* (Part IV).

Drawn with the primitives of ``neurocomp.diagrams``: the LIF neuron as an RC
circuit with threshold and reset, the excitatory-inhibitory network of Brunel
(2000), the conversion of a ReLU network into integrate-and-fire neurons, the
surrogate derivative that replaces the spike's derivative in the backward pass,
and the STDP-trained convolutional network of Kheradpisheh et al. (2018).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .diagrams import BACKWARD, EDGE, FORWARD, OTHER, Diagram, Node
from .utils import check_int, check_positive

__all__ = [
    "lif_circuit",
    "brunel_populations",
    "ann_to_snn",
    "surrogate_derivative",
    "stdp_conv_pipeline",
]


def _wire(d: Diagram, xs, ys, color: str = EDGE) -> None:
    d.ax.plot(xs, ys, color=color, lw=1.4, solid_capstyle="round", zorder=2)


def _resistor(d: Diagram, x: float, y0: float, y1: float) -> None:
    """A vertical zig-zag resistor between heights y0 < y1 at x."""
    ys = np.linspace(y0 + 0.12, y1 - 0.12, 9)
    xs = x + 0.1 * np.array([0, 1, -1, 1, -1, 1, -1, 1, 0])
    _wire(d, [x, x], [y0, y0 + 0.12])
    _wire(d, xs, ys)
    _wire(d, [x, x], [y1 - 0.12, y1])


def lif_circuit() -> Figure:
    """The LIF neuron as an RC circuit: input current, capacitor, leak,
    threshold and reset.

    τ_m dV/dt = −(V − V_rest) + R_m I(t) is Kirchhoff's current law for the
    membrane capacitance C_m in parallel with the leak resistance R_m (τ_m =
    R_m C_m); a comparator emits a spike when V reaches θ and resets V to
    V_reset.
    """
    d = Diagram(6.4, 3.0)
    top, bottom = 2.2, 0.5
    _wire(d, [0.5, 4.0], [top, top])
    _wire(d, [0.5, 3.2], [bottom, bottom])
    # input current source
    d.node(0.8, 1.4, "", kind="input", radius=0.28)
    d.arrow((0.8, 1.15), (0.8, 1.65), color=FORWARD, width=1.4)
    _wire(d, [0.8, 0.8], [bottom, 1.12])
    _wire(d, [0.8, 0.8], [1.68, top])
    d.text(0.32, 1.4, "I(t)", math=True)
    # capacitor
    _wire(d, [1.9, 1.9], [top, 1.5])
    _wire(d, [1.9, 1.9], [1.3, bottom])
    _wire(d, [1.65, 2.15], [1.5, 1.5])
    _wire(d, [1.65, 2.15], [1.3, 1.3])
    d.text(2.25, 1.4, "C_m", math=True, ha="left")
    # leak resistor in series with the resting potential
    _resistor(d, 3.0, 1.45, top)
    _wire(d, [2.85, 3.15], [1.15, 1.15])
    _wire(d, [2.92, 3.08], [1.0, 1.0])
    _wire(d, [3.0, 3.0], [1.45, 1.15])
    _wire(d, [3.0, 3.0], [1.0, bottom])
    d.text(3.2, 1.85, "R_m", math=True, ha="left")
    d.text(3.2, 1.07, "V_{rest}", math=True, ha="left", size=10)
    d.text(2.2, top + 0.22, "V(t)", math=True)
    # threshold, spike and reset
    comp = d.box(
        4.8, top, r"$V \geq \theta$ ?", width=1.2, height=0.6, kind="op"
    )
    d.arrow((4.0, top), comp, color=EDGE)
    spike_x = 5.75
    d.arrow(comp, (6.25, top), color=FORWARD)
    d.ax.plot(
        [spike_x + 0.15, spike_x + 0.15],
        [top + 0.1, top + 0.5],
        color=FORWARD,
        lw=2,
    )
    d.text(6.0, top + 0.6, "spike", color=FORWARD, size=10)
    d.arrow(
        (4.8, top - 0.3),
        (3.7, top - 0.03),
        r"V \leftarrow V_{reset}",
        color=OTHER,
        curve=-0.9,
        dashed=True,
        label_offset=(0.75, -0.25),
    )
    d.text(5.0, 0.75, r"$\tau_m = R_m C_m$", size=10)
    return d.finish()


def brunel_populations() -> Figure:
    """The sparse E/I network of Brunel (2000): who connects to whom, with
    which weight."""
    d = Diagram(6.2, 3.2)
    e = d.box(
        2.2, 1.6, "E\n$N_E$ LIF neurons", width=1.6, height=1.0, kind="hidden"
    )
    i = d.box(
        4.8, 1.6, "I\n$N_I = N_E/4$", width=1.4, height=1.0, kind="memory"
    )
    ext = d.box(
        0.55,
        1.6,
        "Poisson\n$\\nu_{ext}$",
        width=0.95,
        height=0.9,
        kind="input",
    )
    d.arrow(ext, e, "C_E,\\ J", color=FORWARD, label_offset=(0.0, 0.22))
    d.arrow(
        (ext.x, ext.y - 0.45),
        (i.x - 0.3, i.y - 0.5),
        "C_E,\\ J",
        color=FORWARD,
        curve=0.25,
        label_offset=(0.0, 0.0),
    )
    d.arrow(
        (e.x + 0.8, e.y + 0.2),
        (i.x - 0.7, i.y + 0.2),
        "C_E,\\ J",
        color=FORWARD,
    )
    d.arrow(
        (i.x - 0.7, i.y - 0.2),
        (e.x + 0.8, e.y - 0.2),
        "C_I,\\ -gJ",
        color=BACKWARD,
        label_offset=(0.0, -0.2),
    )
    d.arrow(
        (e.x - 0.4, e.y + 0.5),
        (e.x + 0.4, e.y + 0.5),
        "E \\to E:\\ C_E,\\ J",
        curve=-1.6,
        color=FORWARD,
        label_offset=(0.0, 0.12),
    )
    d.arrow(
        (i.x - 0.35, i.y + 0.5),
        (i.x + 0.35, i.y + 0.5),
        "I \\to I:\\ C_I,\\ -gJ",
        curve=-1.6,
        color=BACKWARD,
        label_offset=(0.0, 0.12),
    )
    d.text(
        3.1,
        0.12,
        r"all synapses: delay $D$, sparse: $C_E = \varepsilon N_E$, $C_I = "
        r"C_E/4$",
        size=9,
    )
    return d.finish()


def ann_to_snn(n_hidden: int = 4) -> Figure:
    """Conversion: a trained ReLU layer, normalised, becomes integrate-and-fire
    neurons."""
    n_hidden = check_int(n_hidden, "n_hidden", minimum=2)
    if n_hidden > 6:
        raise ValueError(
            "n_hidden must be at most 6 to stay readable; got "
            f"n_hidden={n_hidden}"
        )
    d = Diagram(6.4, 3.0)
    y0 = 1.45
    x_ann = d.column(
        0.35,
        3,
        labels=["x_1", "x_2", "x_3"],
        kind="input",
        spacing=0.62,
        y_center=y0,
        radius=0.2,
    )
    h_ann = d.column(
        1.55, n_hidden, kind="hidden", spacing=0.55, y_center=y0, radius=0.2
    )
    d.connect(x_ann, h_ann, color=FORWARD, width=0.6)
    for u in h_ann:
        d.text(u.x, u.y, "ReLU", size=7)
    d.text(0.95, 2.82, "trained ReLU network", size=10)
    d.box(
        3.05,
        y0,
        "normalise\n$\\mathbf{W}_l \\lambda_{l-1}/\\lambda_l$\n"
        "$\\mathbf{b}_l/\\lambda_l$",
        width=1.3,
        height=1.15,
        kind="op",
    )
    d.arrow((2.0, y0), (2.38, y0))
    d.arrow((3.72, y0), (4.1, y0))
    x_snn = d.column(
        4.35, 3, kind="input", spacing=0.62, y_center=y0, radius=0.2
    )
    h_snn = d.column(
        5.35, n_hidden, kind="hidden", spacing=0.55, y_center=y0, radius=0.2
    )
    d.connect(x_snn, h_snn, color=FORWARD, width=0.6)
    rng = np.random.default_rng(3)
    for k, u in enumerate(h_snn):
        d.text(u.x, u.y, "IF", size=8)
        times = np.sort(rng.uniform(0, 0.55, size=k + 1))
        # a short spike train: more spikes for larger activations
        for t in times:
            d.ax.plot(
                [u.x + 0.3 + t] * 2,
                [u.y - 0.1, u.y + 0.1],
                color=FORWARD,
                lw=1.2,
            )
    d.text(5.2, 2.82, "integrate-and-fire network", size=10)
    d.text(
        4.9,
        0.2,
        r"$V \leftarrow V - 1$ after a spike; rate $\approx$ ReLU",
        size=9,
    )
    return d.finish()


def surrogate_derivative(k: float = 10.0) -> Figure:
    """The spike H(u − 1) and, for the backward pass, the fast-sigmoid
    surrogate derivative.

    The true derivative of the step is zero except at u = 1, where it is
    infinite (drawn as an arrow); the surrogate 1 / (1 + k |u − 1|)² is smooth
    and non-zero near threshold.
    """
    k = check_positive(k, "k")
    u = np.linspace(-0.5, 2.5, 601)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(6.4, 2.5), sharex=True)
    ax1.plot(u, (u >= 1).astype(float), color=FORWARD, lw=2)
    ax1.set(
        xlabel="membrane potential $u$",
        ylabel="spike $s$",
        title="forward: $s = H(u-1)$",
    )
    ax2.annotate(
        "",
        xy=(1, 1.05),
        xytext=(1, 0),
        arrowprops={"arrowstyle": "-|>", "color": EDGE, "lw": 1.5},
    )
    ax2.plot(
        u,
        np.zeros_like(u),
        color=EDGE,
        lw=1.5,
        label="true $dH/du$ (a spike at 1)",
    )
    ax2.plot(
        u,
        1 / (1 + k * np.abs(u - 1)) ** 2,
        color=BACKWARD,
        lw=2,
        label=f"surrogate, $k$ = {k:g}",
    )
    ax2.set(
        xlabel="membrane potential $u$",
        ylabel=r"$\partial s/\partial u$",
        title="backward",
        ylim=(-0.05, 1.15),
    )
    ax2.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    return fig


def stdp_conv_pipeline(n_maps: int = 4) -> Figure:
    """The STDP-trained convolutional spiking network of Kheradpisheh et al.
    (2018), one layer.

    An image is filtered by on- and off-centre difference-of-Gaussians cells,
    whose outputs fire one spike each by a latency code; a convolutional layer
    of integrate-and-fire neurons with first-spike winner-take-all across its
    ``n_maps`` feature maps learns its kernels by STDP without labels; max
    pooling of the maps feeds a linear classifier, the only part that sees
    labels.
    """
    n_maps = check_int(n_maps, "n_maps", minimum=2)
    if n_maps > 6:
        raise ValueError(
            f"n_maps must be at most 6 to stay readable; got n_maps={n_maps}"
        )
    d = Diagram(6.4, 3.3)
    top, bottom = 2.25, 0.75
    # the image: a small grid with a stroke
    image = d.grid(
        0.05,
        top - 0.39,
        (6, 6),
        cell=0.13,
        kind="plain",
        highlight=[(1, 3), (2, 3), (3, 2), (4, 2), (1, 2)],
        highlight_kind="input",
    )
    d.text(0.44, top + 0.6, "image", size=9)
    dog = d.box(
        1.45, top, "DoG\non / off", width=0.85, height=0.75, kind="op", size=10
    )
    d.arrow(image.node(), dog)
    # latency code: one spike per input, strong contrast first
    code = d.box(2.7, top, "", width=1.2, height=0.95, kind="input")
    for k, t in enumerate([0.08, 0.3, 0.5, 0.85]):
        y = top + 0.27 - 0.16 * k
        d.ax.plot([2.2, 3.2], [y, y], color="#999999", lw=0.6, zorder=4)
        d.ax.plot(
            [2.25 + t] * 2,
            [y - 0.06, y + 0.06],
            color=FORWARD,
            lw=1.6,
            zorder=4,
        )
    d.text(2.7, top - 0.34, r"$t^f = T\,(1 - x)$", size=9)
    d.text(2.7, top + 0.6, "latency code", size=9)
    d.arrow(dog, code)
    # convolutional IF layer: a stack of feature maps
    x0, y0 = 3.8, top - 0.45
    for m in range(n_maps):
        off = 0.12 * (n_maps - 1 - m)
        d.grid(
            x0 + off,
            y0 + off,
            (4, 4),
            cell=0.15,
            kind="hidden",
            highlight=[(1, 2)] if m == n_maps - 1 else (),
            highlight_kind="focus",
        )
    stack = Node(
        x0 + 0.3 + 0.06 * (n_maps - 1),
        y0 + 0.3 + 0.06 * (n_maps - 1),
        width=0.6 + 0.12 * (n_maps - 1),
        height=0.6 + 0.12 * (n_maps - 1),
    )
    d.arrow(code, (x0 - 0.05, top - 0.05))
    d.text(stack.x + 0.05, top + 0.78, "IF feature maps", size=9)
    d.text(stack.x + 0.05, y0 - 0.17, "first spike wins", size=9)
    right = stack.x + stack.width / 2 + 0.08
    d.arrow(
        (right, stack.y + 0.25),
        (right, stack.y - 0.25),
        color=BACKWARD,
        curve=-1.4,
        dashed=True,
    )
    d.text(
        right + 0.4, stack.y + 0.12, "STDP", size=9, color=BACKWARD, ha="left"
    )
    d.text(
        right + 0.4,
        stack.y - 0.14,
        r"$\Delta w = a^{\pm} w (1 - w)$",
        size=9,
        color=BACKWARD,
        ha="left",
    )
    # read-out
    pool = d.box(
        stack.x,
        bottom,
        "max pooling",
        width=1.3,
        height=0.5,
        kind="op",
        size=10,
    )
    d.arrow((stack.x, y0 - 0.3), pool)
    clf = d.box(
        2.5,
        bottom,
        "linear classifier",
        width=1.6,
        height=0.5,
        kind="output",
        size=10,
    )
    d.arrow(pool, clf)
    d.arrow(clf, (0.6, bottom), "digit", math=False, label_offset=(0.0, 0.16))
    d.text(2.5, bottom - 0.45, "labels only here", size=9, color=OTHER)
    return d.finish()
