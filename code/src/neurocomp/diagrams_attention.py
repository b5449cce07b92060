"""Schematic figures of the chapter *Attention and transformers* (Part III).

Each function draws one figure from the primitives of ``neurocomp.diagrams``
and returns the matplotlib Figure: an encoder-decoder RNN with additive
attention, scaled dot-product attention, multi-head attention, and the
encoder-decoder transformer with its masked decoder. The symbols are those of
the chapter: annotations h_j, decoder states s_i, weights α_ij, context c_i,
queries Q, keys K, values V, heads h, model width d.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from .diagrams import FORWARD, OTHER, Diagram, Node

__all__ = [
    "encoder_decoder_attention",
    "scaled_dot_product_diagram",
    "multi_head_diagram",
    "transformer_diagram",
]


def encoder_decoder_attention(
    weights: Any = (0.1, 0.6, 0.25, 0.05), *, step: int = 2
) -> Figure:
    """An RNN encoder-decoder with attention, for one decoder step ``step``.

    The encoder's annotations h_1..h_n (bottom) are weighted by ``weights``
    (the α_ij, the softmax of the scores, one per source word, non-negative and
    summing to one; the arrow widths are proportional to them), summed into the
    context c_i, which enters the decoder state s_i (top). ``step`` is the
    index i of the decoder step drawn in focus.
    """
    alpha = np.asarray(weights, dtype=float)
    if alpha.ndim != 1 or not 2 <= alpha.size <= 6:
        raise ValueError(
            f"weights must be a vector of 2 to 6 attention weights; got "
            f"shape {alpha.shape}"
        )
    if np.any(alpha < 0) or not np.isclose(alpha.sum(), 1.0):
        raise ValueError(
            f"weights must be non-negative and sum to 1; got {alpha.tolist()}"
        )
    if (
        isinstance(step, bool)
        or not isinstance(step, numbers.Integral)
        or not 1 <= step <= 3
    ):
        raise ValueError(
            "step must be 1, 2 or 3 (the decoder step shown); got "
            f"step={step!r}"
        )
    n = alpha.size
    d = Diagram(width=6.4, height=3.8)
    xs = 0.55 + 0.95 * np.arange(n)
    enc = [
        d.node(float(x), 0.8, rf"\mathbf{{h}}_{j + 1}")
        for j, x in enumerate(xs)
    ]
    for a, b in zip(enc[:-1], enc[1:]):
        d.arrow(a, b, color=FORWARD, curve=0.25, width=0.9)
        d.arrow(b, a, color=FORWARD, curve=0.25, width=0.9)
    d.frame(
        0.2,
        0.47,
        float(xs[-1]) + 0.35,
        1.15,
        "encoder (bidirectional RNN)",
        label_pos="bottom",
    )
    context = d.node(
        float(xs.mean()),
        2.2,
        rf"\mathbf{{c}}_{step}",
        kind="focus",
        radius=0.25,
    )
    for j, (h, a) in enumerate(zip(enc, alpha)):
        d.arrow(
            h,
            context,
            rf"\alpha_{{{step}{j + 1}}}",
            color=OTHER,
            width=0.5 + 5.0 * float(a),
            label_offset=(0.0, 0.0),
            size=9,
        )
    x_dec = float(xs[-1]) + 1.9
    dec = [
        d.node(
            x_dec + 0.85 * (i - 2), 3.3, rf"\mathbf{{s}}_{i}", kind="output"
        )
        for i in (1, 2, 3)
    ]
    for a, b in zip(dec[:-1], dec[1:]):
        d.arrow(a, b, color=FORWARD)
    d.arrow(context, dec[step - 1], color=OTHER, width=1.6)
    d.arrow(
        dec[step - 2] if step > 1 else (x_dec - 1.75, 3.3),
        context,
        r"\mathbf{s}_{%d}" % (step - 1),
        color=FORWARD,
        dashed=True,
        curve=0.2,
        label_offset=(-0.25, 0.0),
        size=9,
    )
    d.text(x_dec + 0.85, 2.8, "decoder (RNN)", size=10)
    d.text(
        float(xs.mean()) - 0.75,
        2.2,
        r"$\sum_j \alpha_{%dj}\mathbf{h}_j$" % step,
        size=10,
        ha="right",
    )
    return d.finish()


def _flow(
    d: Diagram,
    x: float,
    ys: list[float],
    labels: list[str],
    kinds: list[str],
    width: float = 1.5,
) -> list[Node]:
    """A vertical chain of boxes connected bottom to top."""
    boxes = [
        d.box(x, y, lab, width=width, height=0.38, kind=k, size=10)
        for y, lab, k in zip(ys, labels, kinds)
    ]
    for a, b in zip(boxes[:-1], boxes[1:]):
        d.arrow(a, b, color=FORWARD)
    return boxes


def scaled_dot_product_diagram(*, mask: bool = True) -> Figure:
    """Scaled dot-product attention softmax(Q·Kᵀ/√d_k)·V, bottom to top.

    Q and K are multiplied, scaled by 1/sqrt(d_k), optionally masked (drawn
    as a plain box), turned into weights A by a row-wise softmax, and A
    multiplies V.
    """
    if not isinstance(mask, bool):
        raise TypeError(f"mask must be a bool; got {mask!r}")
    d = Diagram(width=4.2, height=4.5)
    q = d.box(
        0.9,
        0.35,
        r"\mathbf{Q}",
        width=0.6,
        height=0.38,
        kind="input",
        math=True,
    )
    k = d.box(
        2.0,
        0.35,
        r"\mathbf{K}",
        width=0.6,
        height=0.38,
        kind="input",
        math=True,
    )
    v = d.box(
        3.15,
        0.35,
        r"\mathbf{V}",
        width=0.6,
        height=0.38,
        kind="input",
        math=True,
    )
    labels = [r"matmul $\mathbf{Q}\mathbf{K}^\top$", r"scale $1/\sqrt{d_k}$"]
    kinds = ["op", "op"]
    if mask:
        labels.append("mask (optional)")
        kinds.append("plain")
    labels.append("softmax (rows)")
    kinds.append("op")
    ys = list(1.0 + 0.62 * np.arange(len(labels)))
    _flow(d, 1.45, ys, labels, kinds, width=1.9)
    d.arrow(q, (1.0, ys[0] - 0.19), color=FORWARD)
    d.arrow(k, (1.9, ys[0] - 0.19), color=FORWARD)
    out = d.box(
        2.4,
        ys[-1] + 0.8,
        r"matmul $\mathbf{A}\mathbf{V}$",
        width=1.9,
        height=0.38,
        kind="op",
        size=10,
    )
    d.arrow(
        (1.9, ys[-1] + 0.19),
        (1.9, ys[-1] + 0.61),
        r"\mathbf{A}",
        color=FORWARD,
        label_offset=(-0.22, 0.0),
    )
    d.arrow(v, (3.15, ys[-1] + 0.61), color=FORWARD)
    d.arrow(out, (2.4, ys[-1] + 1.35), color=FORWARD)
    d.text(2.75, ys[-1] + 1.33, "output", size=9, ha="left")
    return d.finish()


def multi_head_diagram(n_heads: int = 3) -> Figure:
    """Multi-head attention with ``n_heads`` heads.

    Every head r projects the queries, keys and values with its own W^Q_r,
    W^K_r, W^V_r, runs scaled dot-product attention, and the heads' outputs are
    concatenated and multiplied by W^O.
    """
    if (
        isinstance(n_heads, bool)
        or not isinstance(n_heads, numbers.Integral)
        or not 1 <= n_heads <= 4
    ):
        raise ValueError(
            f"n_heads must be an integer from 1 to 4; got n_heads={n_heads!r}"
        )
    d = Diagram(width=6.0, height=3.9)
    inputs = [
        d.box(x, 0.3, lab, width=0.9, height=0.38, kind="input", math=True)
        for x, lab in (
            (1.3, r"\mathrm{query}"),
            (3.0, r"\mathrm{key}"),
            (4.7, r"\mathrm{value}"),
        )
    ]
    concat = d.box(
        3.0, 2.95, "concatenate", width=2.2, height=0.38, kind="op", size=10
    )
    out = d.box(
        3.0,
        3.55,
        r"$\mathbf{W}^O$ (linear)",
        width=2.2,
        height=0.38,
        kind="hidden",
        size=10,
    )
    d.arrow(concat, out, color=FORWARD)
    for r in range(n_heads):
        dx, dy = 0.16 * (n_heads - 1 - r), 0.12 * (n_heads - 1 - r)
        front = r == n_heads - 1
        proj = [
            d.box(
                x + dx,
                1.15 + dy,
                rf"\mathbf{{W}}^{lab}_r" if front else "",
                width=1.0,
                height=0.38,
                kind="hidden",
                math=True,
            )
            for x, lab in ((1.3, "Q"), (3.0, "K"), (4.7, "V"))
        ]
        sdpa = d.box(
            3.0 + dx,
            2.0 + dy,
            "scaled dot-product attention" if front else "",
            width=3.6,
            height=0.42,
            kind="op",
            size=10,
        )
        if front:
            for i, p in zip(inputs, proj):
                d.arrow(i, p, color=FORWARD)
            for p in proj:
                d.arrow(p, (p.x, 2.0 + dy - 0.21), color=FORWARD)
            d.arrow(sdpa, concat, color=FORWARD)
    d.text(0.95, 2.95, rf"heads $r = 1, \dots, {n_heads}$", size=9)
    return d.finish()


def transformer_diagram() -> Figure:
    """The encoder-decoder transformer: N encoder blocks (left), N decoder
    blocks (right).

    An encoder block is self-attention and a feed-forward network, each wrapped
    in a residual connection (green) and layer normalisation. A decoder block
    has a masked self-attention over the outputs produced so far, a
    cross-attention whose keys and values come from the encoder, and a
    feed-forward network; a linear layer and a softmax give the distribution of
    the next token.
    """
    d = Diagram(width=6.4, height=6.2)
    w, hgt = 1.9, 0.4

    def block(x: float, y: float, label: str, kind: str) -> Node:
        return d.box(x, y, label, width=w, height=hgt, kind=kind, size=9.5)

    def sublayer(x: float, y: float, label: str) -> tuple[Node, Node]:
        """A sub-layer with its add & norm box above it and the residual
        path."""
        main = block(x, y, label, "op")
        norm = block(x, y + 0.55, "add & norm", "plain")
        d.arrow(main, norm, color=FORWARD)
        xl, yb = x - w / 2 - 0.14, y - 0.37
        for a, b, head in (
            ((x, yb), (xl, yb), False),
            ((xl, yb), (xl, y + 0.55), False),
            ((xl, y + 0.55), (x - w / 2, y + 0.55), True),
        ):
            d.arrow(a, b, color=OTHER, width=1.0, head=head)
        return main, norm

    # encoder
    xe = 1.5
    emb_e = block(xe, 0.3, "input embedding", "input")
    pe_e = d.node(xe, 0.95, "+", kind="op", radius=0.15)
    d.text(xe - 0.55, 0.95, "positional\nencoding", size=8, ha="right")
    d.arrow(emb_e, pe_e, color=FORWARD)
    att_e, n1 = sublayer(xe, 1.7, "multi-head attention")
    d.arrow(pe_e, att_e, color=FORWARD)
    ffn_e, n2 = sublayer(xe, 2.95, "feed-forward")
    d.arrow(n1, ffn_e, color=FORWARD)
    d.frame(xe - 1.25, 1.3, xe + 1.05, 3.7)
    d.text(xe - 1.2, 3.85, r"$N\times$ encoder", size=10, ha="left")
    # decoder
    xd = 4.6
    emb_d = block(xd, 0.3, "output embedding", "input")
    d.text(xd, 0.0, "(outputs so far, shifted right)", size=8, va="bottom")
    pe_d = d.node(xd, 0.95, "+", kind="op", radius=0.15)
    d.arrow(emb_d, pe_d, color=FORWARD)
    att_d, m1 = sublayer(xd, 1.7, "masked self-attention")
    d.arrow(pe_d, att_d, color=FORWARD)
    cross, m2 = sublayer(xd, 2.95, "cross-attention")
    d.arrow(m1, cross, color=FORWARD)
    ffn_d, m3 = sublayer(xd, 4.2, "feed-forward")
    d.arrow(m2, ffn_d, color=FORWARD)
    d.frame(xd - 1.25, 1.3, xd + 1.05, 4.95)
    d.text(xd + 1.0, 5.1, r"decoder $\times N$", size=10, ha="right")
    lin = block(xd, 5.4, "linear + softmax", "output")
    d.arrow(m3, lin, color=FORWARD)
    d.arrow(lin, (xd, 6.1), color=FORWARD)
    d.text(xd + 0.1, 6.0, "next-token probabilities", size=8, ha="left")
    # encoder output: keys and values of every cross-attention
    _keys = [
        (xe + w / 2, n2.y),
        (xe + 1.45, n2.y),
        (xe + 1.45, cross.y),
        (xd - w / 2, cross.y),
    ]
    for k in range(len(_keys) - 1):
        d.arrow(
            _keys[k],
            _keys[k + 1],
            color=FORWARD,
            width=1.6,
            head=k == len(_keys) - 2,
        )
    d.text(
        xe + 1.5,
        cross.y + 0.22,
        r"$\mathbf{K}, \mathbf{V}$",
        size=9,
        ha="left",
    )
    return d.finish()
