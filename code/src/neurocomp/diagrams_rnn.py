"""Schematic figures of the chapter *Recurrent neural networks* (Part III).

Each function draws one figure from the primitives of ``neurocomp.diagrams``
and returns the matplotlib Figure: the recurrent network unrolled in time with
the paths of backpropagation through time, the LSTM cell, the GRU cell, a
bidirectional RNN, an RNN encoder-decoder (sequence to sequence), and the two
word2vec architectures (skip-gram and CBOW). The symbols are those of the
chapter: row vectors x_t, h_t, c_t, the gates i_t, f_t, o_t, the candidate g_t
of the LSTM, the update gate u_t and reset gate r_t of the GRU.
"""

from __future__ import annotations


from matplotlib.figure import Figure

from .diagrams import BACKWARD, FORWARD, OTHER, Diagram, Node, check_count

#: A quiet grey for the recurrence path drawn round a cell.
EDGE_GREY = "#777777"

__all__ = [
    "unrolled_rnn",
    "lstm_cell",
    "gru_cell",
    "bidirectional_rnn",
    "seq2seq_rnn",
    "word2vec_architectures",
]


def _path(
    d: Diagram,
    points: list[tuple[float, float]],
    *,
    color: str = FORWARD,
    width: float = 1.2,
    head: bool = True,
) -> None:
    """A polyline of straight segments; only the last one carries an arrow
    head."""
    for k in range(len(points) - 1):
        d.arrow(
            points[k],
            points[k + 1],
            color=color,
            width=width,
            head=head and k == len(points) - 2,
        )


def unrolled_rnn(steps: int = 4, *, backward: bool = True) -> Figure:
    """A simple RNN unrolled over ``steps`` time steps, with the BPTT error
    paths.

    Every step t has an input x_t, a state h_t and an output y_t; the same W_x,
    W_h and W_out are used at every step (h_t = tanh(x_t·W_x + h_(t-1)·W_h +
    b), y_t = h_t·W_out + b_out). With ``backward=True`` the error paths of
    backpropagation through time are drawn in orange: from every output error
    e_t into its state, and from each state to the previous one through the
    transpose of W_h.
    """
    steps = check_count(steps, "steps", 1, 4)
    if not isinstance(backward, bool):
        raise TypeError(f"backward must be a bool; got {backward!r}")
    dx = 1.25
    d = Diagram(width=1.3 + dx * steps, height=3.3)
    y_x, y_h, y_y = 0.45, 1.65, 2.85
    h_prev = d.node(0.45, y_h, r"\mathbf{h}_0", kind="memory")
    for t in range(1, steps + 1):
        x = 0.45 + dx * t
        label = "T" if (t == steps and steps > 3) else str(t)
        xt = d.node(x, y_x, rf"\mathbf{{x}}_{label}", kind="input")
        ht = d.node(x, y_h, rf"\mathbf{{h}}_{label}")
        yt = d.node(x, y_y, rf"\mathbf{{y}}_{label}", kind="output")
        d.arrow(
            xt,
            ht,
            r"\mathbf{W}_x" if t == 1 else "",
            color=FORWARD,
            label_offset=(-0.3, 0.0),
        )
        d.arrow(
            ht,
            yt,
            r"\mathbf{W}_\mathrm{out}" if t == 1 else "",
            color=FORWARD,
            label_offset=(-0.38, 0.0),
        )
        d.arrow(
            h_prev, ht, r"\mathbf{W}_h", color=FORWARD, label_offset=(0.0, 0.2)
        )
        if backward:
            d.arrow(
                (x + 0.32, y_y - 0.1),
                (x + 0.32, y_h + 0.1),
                r"\mathbf{e}_" + label if t == steps else "",
                color=BACKWARD,
                dashed=True,
                label_offset=(0.22, 0.0),
            )
            if t > 1:
                d.arrow(
                    (x - 0.25, y_h - 0.33),
                    (x - dx + 0.25, y_h - 0.33),
                    r"\boldsymbol{\delta}" if t == steps else "",
                    color=BACKWARD,
                    dashed=True,
                    label_offset=(0.0, -0.16),
                )
        h_prev = ht
    return d.finish()


#: Heights of the state line at the top and of the input bus at the bottom of a
#: gated cell (LSTM, GRU).
_TOP, _BUS = 3.05, 0.3


def _gated_cell(
    state: str, x_start: float, x_times: float, x_plus: float
) -> tuple[Diagram, Node, Node]:
    """The frame of a gated cell and its state line along the top: the old
    state, a product with a gate, a sum, the new state."""
    d = Diagram(width=6.4, height=3.6)
    d.frame(0.75, 0.55, 5.55, 3.35)
    d.text(0.35, _TOP, rf"\mathbf{{{state}}}_{{t-1}}", math=True)
    times = d.node(x_times, _TOP, r"\times", kind="op", radius=0.17)
    plus = d.node(x_plus, _TOP, "+", kind="op", radius=0.17)
    d.arrow((x_start, _TOP), times, color=OTHER, width=2.0)
    d.arrow(times, plus, color=OTHER, width=2.0)
    d.arrow(plus, (6.1, _TOP), color=OTHER, width=2.0)
    d.text(6.22, _TOP + 0.22, rf"\mathbf{{{state}}}_t", math=True)
    return d, times, plus


def _input_bus(d: Diagram, gate_xs: list[float], x_end: float) -> None:
    """h_(t-1) and x_t join a bus along the bottom that feeds every gate."""
    d.text(0.35, 0.85, r"\mathbf{h}_{t-1}", math=True)
    d.text(1.05, 0.06, r"\mathbf{x}_t", math=True)
    _path(d, [(0.35, 0.62), (0.35, _BUS), (x_end, _BUS)], head=False)
    _path(d, [(1.05, 0.22), (1.05, _BUS)], head=False)
    for x in gate_xs:
        d.arrow((x, _BUS), (x, 0.8), color=FORWARD)


def lstm_cell() -> Figure:
    """The LSTM cell: the cell state c_t on top, the four gate layers below.

    The forget gate f_t multiplies the old memory c_(t-1), the input gate i_t
    the candidate g_t, their sum is c_t = f_t ⊙ c_(t-1) + i_t ⊙ g_t, and the
    output gate o_t multiplies tanh(c_t) to give h_t. The direct path from
    c_(t-1) to c_t, the "constant error carousel", passes only through one
    product with f_t.
    """
    # the conveyor belt of the memory
    d, times_f, plus = _gated_cell("c", 0.62, 1.7, 3.25)
    top = _TOP
    # the gate layers
    gates = {}
    for key, x, act in (
        ("f", 1.7, r"\sigma"),
        ("i", 2.6, r"\sigma"),
        ("g", 3.25, "tanh"),
        ("o", 4.2, r"\sigma"),
    ):
        gates[key] = d.box(
            x,
            1.0,
            act,
            width=0.5,
            height=0.4,
            kind="hidden",
            math=act != "tanh",
            size=10,
        )
    times_i = d.node(3.25, 2.1, r"\times", kind="op", radius=0.17)
    d.arrow(
        gates["f"],
        times_f,
        r"\mathbf{f}_t",
        color=FORWARD,
        label_offset=(-0.25, 0.0),
    )
    _path(d, [(2.6, 1.2), (2.6, 2.1), (3.08, 2.1)])
    d.text(2.4, 1.7, r"\mathbf{i}_t", math=True, color=FORWARD, size=10)
    d.arrow(
        gates["g"],
        times_i,
        r"\mathbf{g}_t",
        color=FORWARD,
        label_offset=(0.25, -0.1),
    )
    d.arrow(times_i, plus, color=FORWARD)
    # the output: h_t = o_t * tanh(c_t)
    tanh_c = d.box(
        4.9, 2.3, "tanh", width=0.55, height=0.36, kind="op", size=10
    )
    times_o = d.node(4.9, 1.55, r"\times", kind="op", radius=0.17)
    _path(d, [(4.9, top), (4.9, 2.48)])
    d.arrow(tanh_c, times_o, color=FORWARD)
    _path(d, [(4.2, 1.2), (4.2, 1.55), (4.73, 1.55)])
    d.text(4.02, 1.45, r"\mathbf{o}_t", math=True, color=FORWARD, size=10)
    _path(d, [(5.07, 1.55), (6.1, 1.55)])
    d.text(6.22, 1.77, r"\mathbf{h}_t", math=True)
    # the inputs: h_(t-1) and x_t feed every gate
    _input_bus(d, [gates[key].x for key in ("f", "i", "g", "o")], 4.2)
    return d.finish()


def gru_cell() -> Figure:
    """The GRU cell: one state h_t, a reset gate r_t and an update gate u_t.

    The reset gate scales the old state before it enters the candidate ĥ_t; the
    new state is the convex combination h_t = u_t ⊙ h_(t-1) + (1 - u_t) ⊙ ĥ_t.
    """
    d, times_u, plus = _gated_cell("h", 0.68, 2.55, 4.8)
    top = _TOP
    r_box = d.box(
        1.4,
        1.0,
        r"\sigma",
        width=0.5,
        height=0.4,
        kind="hidden",
        math=True,
        size=10,
    )
    u_box = d.box(
        2.55,
        1.0,
        r"\sigma",
        width=0.5,
        height=0.4,
        kind="hidden",
        math=True,
        size=10,
    )
    cand = d.box(
        3.9, 1.0, "tanh", width=0.55, height=0.4, kind="hidden", size=10
    )
    # reset: r_t * h_(t-1) goes into the candidate
    times_r = d.node(1.4, 2.15, r"\times", kind="op", radius=0.17)
    _path(d, [(1.4, top), (1.4, 2.32)])
    d.arrow(
        r_box,
        times_r,
        r"\mathbf{r}_t",
        color=FORWARD,
        label_offset=(-0.25, 0.0),
    )
    _path(d, [(1.57, 2.15), (3.6, 2.15), (3.6, 1.2)])
    # update: u_t keeps the old state, 1 - u_t lets the candidate in
    d.arrow(
        u_box,
        times_u,
        r"\mathbf{u}_t",
        color=FORWARD,
        label_offset=(-0.25, -0.4),
    )
    d.box(3.2, 1.7, "1 -", width=0.42, height=0.32, kind="op", size=9)
    _path(d, [(2.55, 1.45), (3.2, 1.45), (3.2, 1.54)])
    times_c = d.node(4.8, 1.9, r"\times", kind="op", radius=0.17)
    _path(d, [(3.41, 1.7), (4.3, 1.7), (4.64, 1.84)])
    d.arrow(
        cand,
        times_c,
        r"\hat{\mathbf{h}}_t",
        color=FORWARD,
        label_offset=(0.3, -0.05),
    )
    d.arrow(times_c, plus, color=FORWARD)
    _input_bus(d, [1.4, 2.55, 4.05], 4.05)
    d.text(
        4.15, 0.42, r"only $\mathbf{x}_t$", size=8, color=EDGE_GREY, ha="left"
    )
    return d.finish()


def word2vec_architectures(window: int = 2) -> Figure:
    """Skip-gram (left) and CBOW (right) for a window of ``window`` words on
    each side.

    Skip-gram maps the centre word w_t to its vector v_(w_t) and predicts every
    context word from it; CBOW averages the vectors of the context words and
    predicts the centre.
    """
    window = check_count(window, "window", 1, 3)
    n_ctx = 2 * window
    offsets = [k for k in range(-window, window + 1) if k != 0]
    labels = [rf"w_{{t{k:+d}}}" for k in offsets]
    height = max(2.6, 0.55 * n_ctx + 0.9)
    d = Diagram(width=6.4, height=height)
    yc = height / 2 - 0.1
    ys = [yc + 0.55 * ((n_ctx - 1) / 2 - k) for k in range(n_ctx)]
    # skip-gram
    centre = d.box(
        0.45, yc, r"w_t", width=0.62, height=0.4, kind="input", math=True
    )
    proj = d.box(
        1.55,
        yc,
        r"\mathbf{v}_{w_t}",
        width=0.7,
        height=0.45,
        kind="hidden",
        math=True,
    )
    d.arrow(centre, proj, color=FORWARD)
    outs = [
        d.box(2.75, y, lab, width=0.78, height=0.4, kind="output", math=True)
        for y, lab in zip(ys, labels)
    ]
    for o in outs:
        d.arrow(proj, o, color=FORWARD, width=0.9)
    d.text(1.55, height - 0.2, "skip-gram", size=10)
    # CBOW
    ins = [
        d.box(3.75, y, lab, width=0.78, height=0.4, kind="input", math=True)
        for y, lab in zip(ys, labels)
    ]
    mean = d.box(
        4.9,
        yc,
        r"\frac{1}{%d}\sum \mathbf{v}" % n_ctx,
        width=0.8,
        height=0.55,
        kind="hidden",
        math=True,
    )
    for i in ins:
        d.arrow(i, mean, color=FORWARD, width=0.9)
    target = d.box(
        5.95, yc, r"w_t", width=0.62, height=0.4, kind="output", math=True
    )
    d.arrow(mean, target, color=FORWARD)
    d.text(4.9, height - 0.2, "CBOW", size=10)
    d.frame(0.08, 0.3, 3.2, height - 0.42)
    d.frame(3.3, 0.3, 6.32, height - 0.42)
    return d.finish()


def bidirectional_rnn(steps: int = 3) -> Figure:
    """A bidirectional RNN over ``steps`` steps: a forward and a backward
    recurrent layer.

    Both layers read every input x_t; the forward states run left to right, the
    backward states right to left, and every output y_t reads the two states of
    its step.
    """
    steps = check_count(steps, "steps", 1, 4)
    dx = 1.15
    d = Diagram(width=1.7 + dx * steps, height=3.6)
    prev_f = prev_b = None
    for t in range(1, steps + 1):
        x = 1.35 + dx * (t - 1)
        label = "T" if (t == steps and steps > 3) else str(t)
        xt = d.node(x, 0.4, rf"\mathbf{{x}}_{label}", kind="input")
        hb = d.node(x + 0.25, 1.45, "", kind="hidden")
        hf = d.node(x - 0.25, 2.2, "", kind="hidden")
        d.text(
            hf.x,
            hf.y,
            r"\overrightarrow{\mathbf{h}}_" + label,
            math=True,
            size=9,
        )
        d.text(
            hb.x,
            hb.y,
            r"\overleftarrow{\mathbf{h}}_" + label,
            math=True,
            size=9,
        )
        yt = d.node(x, 3.2, rf"\mathbf{{y}}_{label}", kind="output")
        d.arrow(xt, hf, color=FORWARD, width=0.9)
        d.arrow(xt, hb, color=OTHER, width=0.9)
        d.arrow(hf, yt, color=FORWARD, width=0.9)
        d.arrow(hb, yt, color=OTHER, width=0.9)
        if prev_f is not None:
            d.arrow(prev_f, hf, color=FORWARD)
            d.arrow(hb, prev_b, color=OTHER)
        prev_f, prev_b = hf, hb
    d.text(0.05, 2.2, "forward", size=9, ha="left", color=FORWARD)
    d.text(0.05, 1.45, "backward", size=9, ha="left", color=OTHER)
    return d.finish()


def seq2seq_rnn(n_source: int = 3, n_target: int = 3) -> Figure:
    """An RNN encoder-decoder: the encoder's last state starts the decoder.

    The decoder's inputs are the start symbol and the previous target words
    (the correct ones in training, teacher forcing; its own choices at
    inference, dashed); it stops after emitting the end symbol.
    """
    n_source = check_count(n_source, "n_source", 1, 3)
    n_target = check_count(n_target, "n_target", 1, 3)
    dx = 0.85
    d = Diagram(width=6.4, height=3.4)
    prev = None
    for j in range(1, n_source + 1):
        x = 0.45 + dx * (j - 1)
        xj = d.node(x, 0.7, rf"x_{j}", kind="input")
        hj = d.node(x, 1.7, "", kind="hidden")
        d.arrow(xj, hj, color=FORWARD, width=0.9)
        if prev is not None:
            d.arrow(prev, hj, color=FORWARD)
        prev = hj
    d.text(prev.x + 0.55, 2.0, r"\mathbf{h}_S", math=True, size=10)
    d.frame(0.12, 0.35, prev.x + 0.33, 2.05)
    d.text(0.2, 2.22, "encoder", size=9, ha="left")
    words = ["<s>"] + [rf"$y_{i}$" for i in range(1, n_target)]
    outs = [rf"$y_{i}$" for i in range(1, n_target)] + ["</s>"]
    x0 = prev.x + 1.0
    for i in range(n_target):
        x = x0 + 1.05 * i
        inp = d.node(x, 0.7, words[i], kind="input", radius=0.27, math=False)
        si = d.node(x, 1.7, "", kind="hidden")
        out = d.node(x, 2.75, outs[i], kind="output", radius=0.27, math=False)
        d.arrow(inp, si, color=FORWARD, width=0.9)
        d.arrow(si, out, color=FORWARD, width=0.9)
        d.arrow(prev, si, color=FORWARD)
        if i < n_target - 1:
            d.arrow(
                (x + 0.2, 2.55),
                (x + 1.05 - 0.22, 0.93),
                color=OTHER,
                dashed=True,
                width=0.9,
            )
        prev = si
    d.frame(x0 - 0.35, 0.35, prev.x + 0.35, 3.1)
    d.text(x0 - 0.3, 3.25, "decoder", size=9, ha="left")
    return d.finish()
