"""Tests of the schematic figures of the attention chapter (headless)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch  # noqa: E402

from neurocomp.diagrams_attention import (  # noqa: E402
    encoder_decoder_attention, multi_head_diagram, scaled_dot_product_diagram,
    transformer_diagram,
)
from diagram_checks import count as _count, labels as _texts  # noqa: E402


@pytest.mark.parametrize("weights", [(0.5, 0.5), (0.1, 0.6, 0.25, 0.05), [0.2] * 5])
def test_encoder_decoder_draws_one_annotation_and_one_weight_per_source_word(weights):
    fig = encoder_decoder_attention(weights, step=2)
    n = len(weights)
    assert _count(fig, Circle) == n + 1 + 3          # annotations, context, 3 decoder states
    labels = [t for t in _texts(fig) if t.startswith(r"$\alpha_{2")]
    assert len(labels) == n
    # the attention arrows' widths grow with the weights
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    widths = [p.get_linewidth() for p in arrows]
    for w in weights:
        assert any(np.isclose(width, 0.5 + 5.0 * w) for width in widths)
    plt.close(fig)


def test_encoder_decoder_rejects_bad_weights_and_steps():
    with pytest.raises(ValueError, match="sum to 1"):
        encoder_decoder_attention((0.5, 0.6))
    with pytest.raises(ValueError, match="non-negative"):
        encoder_decoder_attention((1.5, -0.5))
    with pytest.raises(ValueError, match="2 to 6"):
        encoder_decoder_attention(np.ones(7) / 7)
    with pytest.raises(ValueError, match="step"):
        encoder_decoder_attention((0.5, 0.5), step=4)


def test_scaled_dot_product_diagram_has_the_optional_mask():
    with_mask, without = scaled_dot_product_diagram(), scaled_dot_product_diagram(mask=False)
    assert "mask (optional)" in _texts(with_mask)
    assert "mask (optional)" not in _texts(without)
    assert "softmax (rows)" in _texts(without)
    plt.close(with_mask)
    plt.close(without)
    with pytest.raises(TypeError, match="mask"):
        scaled_dot_product_diagram(mask=1)


@pytest.mark.parametrize("n_heads", [1, 2, 4])
def test_multi_head_diagram_stacks_one_attention_per_head(n_heads):
    fig = multi_head_diagram(n_heads)
    boxes = [p for p in fig.axes[0].patches if not isinstance(p, FancyArrowPatch)]
    # 3 inputs, concatenate, W^O, and per head 3 projections and 1 attention
    assert len(boxes) == 5 + 4 * n_heads
    assert any(str(n_heads) in t for t in _texts(fig))
    plt.close(fig)
    with pytest.raises(ValueError, match="n_heads"):
        multi_head_diagram(0)


def test_transformer_diagram_has_the_decoder_sublayers():
    fig = transformer_diagram()
    texts = _texts(fig)
    for label in ("masked self-attention", "cross-attention", "multi-head attention",
                  "linear + softmax"):
        assert label in texts
    assert texts.count("add & norm") == 5 and texts.count("feed-forward") == 2
    assert fig.get_size_inches()[0] <= 6.4
    plt.close(fig)
