"""Tests of the schematic figures of the object-detection chapter."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import FancyArrowPatch, Rectangle  # noqa: E402

from neurocomp import diagrams_detection as dd  # noqa: E402
from neurocomp.detection import encode_grid  # noqa: E402


def test_pipeline_has_three_rows_of_five_stages():
    fig = dd.rcnn_pipeline_diagram()
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count("image") == 3
    assert _arrows(fig) == 3 * 4 + 1   # four arrows per row and the shared feature map
    plt.close(fig)


def _arrows(fig):
    return sum(isinstance(p, FancyArrowPatch) for p in fig.axes[0].patches)


@pytest.mark.parametrize(("scales", "ratios"), [((1.0, 2.0, 3.0), (0.5, 1, 2)), ((1.0,), (1.0, 2.0))])
def test_anchors_draw_scales_times_ratios_boxes(scales, ratios):
    fig = dd.anchors_diagram(scales=[s / 2 for s in scales], ratios=ratios, grid=5,
                             position=(2, 2))
    unfilled = [p for p in fig.axes[0].patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert fig.n_anchors == len(scales) * len(ratios) == len(unfilled)
    areas = sorted(round(p.get_width() * p.get_height(), 9) for p in unfilled)
    assert len(set(areas)) == len(scales)   # one area per scale, whatever the ratio
    plt.close(fig)


def test_responsible_cells_agree_with_the_training_target():
    rng = np.random.default_rng(0)
    corners = rng.uniform(0, 56, size=(20, 2, 2))
    boxes = np.concatenate([corners.min(axis=1), corners.max(axis=1)], axis=1)
    for box in boxes:
        target = encode_grid(box[None], [3], 56, 7, 10)
        (row, col), = zip(*np.nonzero(target[..., 0]))
        assert dd.responsible_cells(box, 56, 7) == [(row, col)]


def test_yolo_grid_marks_the_responsible_cells():
    image = np.zeros((56, 56))
    boxes = np.array([[0.0, 0.0, 10.0, 10.0], [30.0, 40.0, 50.0, 56.0]])
    fig = dd.yolo_grid_diagram(image, boxes, labels=["a", "b"], grid=7)
    assert fig.responsible == [(0, 0), (6, 5)]
    dashed = [p for p in fig.axes[0].patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert len(dashed) == 2
    plt.close(fig)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: dd.anchors_diagram(scales=()), "scales and ratios must be non-empty"),
    (lambda: dd.anchors_diagram(ratios=(1.0, -1.0)), "scales and ratios must be non-empty"),
    (lambda: dd.anchors_diagram(grid=0), "grid must be a positive integer"),
    (lambda: dd.anchors_diagram(position=(9, 0)), "position must be"),
    (lambda: dd.yolo_grid_diagram(np.zeros((4, 5)), []), "image must be a square"),
    (lambda: dd.yolo_grid_diagram(np.zeros((8, 8)), [[0, 0, 1, 1]], labels=[]), "one entry per box"),
    (lambda: dd.responsible_cells([[0, 0, 1, 1]], 8, grid=0), "grid must be a positive integer"),
    (lambda: dd.responsible_cells([[0, 0, 1, 1]], -8, grid=2), "image_size must be positive"),
])
def test_bad_arguments_get_named_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
    plt.close("all")
