"""Schematic figures of the chapter "Generative adversarial networks".

- gan_diagram: the generator and the discriminator with the forward flow of
  samples (blue) and the backward flows of the two losses (orange): the
  discriminator's loss updates only the discriminator; the generator's loss is
  backpropagated through the discriminator, which is held fixed, into the
  generator. With conditional=True a condition c (a class label) is fed to both
  players (green).
"""

from __future__ import annotations

from matplotlib.figure import Figure

from .diagrams import BACKWARD, EDGE, FORWARD, OTHER, Diagram

__all__ = ["gan_diagram"]


def gan_diagram(conditional: bool = False) -> Figure:
    """Draw a GAN (or a conditional GAN) with the flows of its two losses.

    Parameters
    ----------
    conditional : bool
        Add the condition c, given to the generator and to the discriminator.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(conditional, bool):
        raise TypeError(
            "conditional must be True or False; got "
            f"conditional={conditional!r}"
        )
    d = Diagram(6.4, 3.3)
    y_real, y_fake, y_mid = 2.55, 1.05, 1.8
    c_arg = r", \mathbf{c}" if conditional else ""
    z = d.node(0.4, y_fake, r"\mathbf{z}", kind="input", radius=0.24)
    d.text(0.4, y_fake - 0.42, r"$\mathbf{z} \sim p_z$", size=9)
    gen = d.box(
        1.45, y_fake, "generator\n$G$", width=1.0, height=0.62, kind="hidden"
    )
    fake = d.box(
        2.85,
        y_fake,
        rf"$G(\mathbf{{z}}{c_arg})$",
        width=1.05,
        height=0.46,
        kind="plain",
        size=10,
    )
    real = d.box(
        2.85,
        y_real,
        r"$\mathbf{x} \sim p_\mathrm{data}$",
        width=1.05,
        height=0.46,
        kind="input",
        size=10,
    )
    disc = d.box(
        4.15,
        y_mid,
        "discriminator\n$D$",
        width=1.15,
        height=0.62,
        kind="hidden",
    )
    loss_d = d.box(
        5.75,
        y_real,
        "$\\mathcal{L}_D$\nreal→1, fake→0",
        width=1.15,
        height=0.62,
        kind="loss",
        size=9,
    )
    loss_g = d.box(
        5.75,
        y_fake,
        "$\\mathcal{L}_G$\nfake→1",
        width=1.15,
        height=0.62,
        kind="loss",
        size=9,
    )
    d.arrow(z, gen, color=FORWARD)
    d.arrow(gen, fake, color=FORWARD)
    d.arrow(fake, disc, color=FORWARD)
    d.arrow(real, disc, color=FORWARD)
    d.arrow(
        disc,
        loss_d,
        rf"$D(\cdot{c_arg})$",
        color=FORWARD,
        math=False,
        size=9,
        label_offset=(-0.05, 0.16),
    )
    d.arrow(disc, loss_g, color=FORWARD)
    # backward flows of the two losses
    d.arrow(
        (5.2, y_real + 0.2),
        (4.45, y_mid + 0.34),
        r"$\nabla_{\boldsymbol{\theta}_D}$",
        color=BACKWARD,
        curve=0.35,
        size=9,
        math=False,
        label_offset=(0.05, 0.2),
    )
    d.arrow(
        (5.3, y_fake - 0.33),
        (4.1, y_mid - 0.34),
        color=BACKWARD,
        dashed=True,
        curve=-0.3,
    )
    d.arrow(
        (3.85, y_mid - 0.34),
        (1.6, y_fake - 0.33),
        r"$\nabla_{\boldsymbol{\theta}_G}$ through $D$ (frozen)",
        color=BACKWARD,
        dashed=True,
        curve=-0.45,
        math=False,
        size=9,
        label_offset=(0.0, -0.14),
    )
    if conditional:
        c = d.node(0.4, y_real, r"\mathbf{c}", kind="focus", radius=0.24)
        d.text(0.12, y_real + 0.4, "condition (class)", size=9, ha="left")
        d.arrow(c, gen, color=OTHER)
        d.arrow(c, (1.9, y_real), color=OTHER, head=False)
        d.arrow((1.9, y_real), (1.9, 3.1), color=OTHER, head=False)
        d.arrow((1.9, 3.1), (4.0, 3.1), color=OTHER, head=False)
        d.arrow((4.0, 3.1), (4.0, y_mid + 0.31), color=OTHER)
        d.text(
            3.0,
            3.2,
            r"$\mathbf{c}$ with the real $\mathbf{x}$ and with the fake",
            size=8,
            color=OTHER,
        )
    d.text(
        3.2,
        0.12,
        "blue: samples forward;  orange: gradients of the losses",
        size=8,
        color=EDGE,
    )
    return d.finish()
