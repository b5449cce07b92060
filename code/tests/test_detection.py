"""Tests of neurocomp.detection (NumPy) and neurocomp.detection_keras."""

import numpy as np
import pytest

from neurocomp.detection import (
    average_precision,
    box_area,
    box_iou,
    class_wise_nms,
    decode_grid,
    encode_grid,
    ink_box,
    make_canvases,
    match_detections,
    mean_average_precision,
    non_max_suppression,
    precision_recall,
)


def test_iou_of_known_boxes():
    a = np.array([[0, 0, 2, 2]])
    b = np.array([[1, 1, 3, 3], [2, 0, 4, 2], [0, 0, 2, 2], [5, 5, 6, 6]])
    np.testing.assert_allclose(box_iou(a, b), [[1 / 7, 0, 1, 0]])
    np.testing.assert_allclose(box_area(b), [4, 4, 4, 1])
    assert box_iou(a, np.zeros((0, 4))).shape == (1, 0)


def test_iou_equals_pixel_count_for_integer_boxes():
    rng = np.random.default_rng(0)
    boxes = np.sort(rng.integers(0, 20, size=(30, 2, 2)), axis=1).transpose(0, 2, 1)
    boxes = boxes.reshape(30, 4)[:, [0, 2, 1, 3]]  # (x1, y1, x2, y2)
    masks = np.zeros((30, 20, 20), dtype=bool)
    for m, (x1, y1, x2, y2) in zip(masks, boxes):
        m[y1:y2, x1:x2] = True
    inter = np.einsum("ayx,byx->ab", masks.astype(int), masks.astype(int))
    union = masks.sum(axis=(1, 2))[:, None] + masks.sum(axis=(1, 2))[None, :] - inter
    expected = np.divide(inter, union, out=np.zeros(inter.shape), where=union > 0)
    np.testing.assert_allclose(box_iou(boxes, boxes), expected)


def test_nms_keeps_the_best_of_each_cluster():
    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 10, 9.0]])
    scores = np.array([0.9, 0.8, 0.7, 0.95])
    np.testing.assert_array_equal(non_max_suppression(boxes, scores, 0.5), [3, 2])
    np.testing.assert_array_equal(non_max_suppression(boxes, scores, 0.5, 1), [3])
    np.testing.assert_array_equal(non_max_suppression(boxes, scores, 0.99), [3, 0, 1, 2])
    labels = np.array([0, 1, 0, 0])
    np.testing.assert_array_equal(class_wise_nms(boxes, scores, labels, 0.5), [3, 1, 2])


def test_average_precision_of_a_hand_made_ranking():
    is_tp, scores = [1, 0, 1, 1, 0], [0.9, 0.8, 0.7, 0.6, 0.5]
    precision, recall = precision_recall(is_tp, scores, 4)
    np.testing.assert_allclose(precision, [1, 1 / 2, 2 / 3, 3 / 4, 3 / 5])
    np.testing.assert_allclose(recall, [0.25, 0.25, 0.5, 0.75, 0.75])
    assert average_precision(is_tp, scores, 4) == pytest.approx(0.625)
    assert average_precision(is_tp[::-1], scores[::-1], 4) == pytest.approx(0.625)
    assert average_precision([1, 1], [0.2, 0.1], 2) == 1.0


def test_matching_and_map():
    truth = np.array([[0, 0, 10, 10], [20, 20, 30, 30]])
    dets = np.array([[0, 0, 10, 10], [1, 0, 10, 10], [50, 50, 60, 60]])
    np.testing.assert_array_equal(match_detections(dets, [0.9, 0.8, 0.7], truth),
                                  [True, False, False])
    perfect = [(truth, np.ones(2), np.array([3, 4]))]
    m, per_class = mean_average_precision(perfect, [(truth, np.array([3, 4]))])
    assert m == 1.0 and per_class == {3: 1.0, 4: 1.0}
    wrong = [(truth, np.ones(2), np.array([4, 3]))]
    assert mean_average_precision(wrong, [(truth, np.array([3, 4]))])[0] == 0.0


def test_canvases_and_grid_round_trip():
    rng = np.random.default_rng(1)
    digits = (rng.random((5, 28, 28)) > 0.7) * 255.0
    canvases, boxes, classes = make_canvases(digits, np.arange(5), 20, size=56, seed=3)
    assert canvases.shape == (20, 56, 56) and canvases.max() <= 1.0
    for b, c in zip(boxes, classes):
        assert 1 <= len(b) == len(c) <= 3
        assert np.all(b >= 0) and np.all(b <= 56)
        off_diagonal = box_iou(b, b) - np.eye(len(b))
        assert np.all(off_diagonal == 0)
    np.testing.assert_array_equal(ink_box(np.pad(np.ones((2, 3)), 1)), [1, 1, 4, 3])
    b, c = np.array([[10, 12, 30, 40], [33, 2, 50, 20.0]]), np.array([7, 2])
    target = encode_grid(b, c, 56, 7, 10).astype(float)
    assert target[..., 0].sum() == 2 and target[3, 2, 0] == 1 and target[1, 5, 5 + 2] == 1
    logits = np.log(np.clip(target, 1e-9, 1 - 1e-9) / (1 - np.clip(target, 1e-9, 1 - 1e-9)))
    logits[..., 5:] = 30 * target[..., 5:]
    boxes_out, scores, labels = decode_grid(logits, 56, 0.5)
    order = np.argsort(labels)[::-1]
    np.testing.assert_allclose(boxes_out[order], b, atol=1e-5)
    np.testing.assert_array_equal(labels[order], c)
    assert np.all(scores > 0.99)


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="boxes_a must have shape"):
        box_iou(np.zeros((2, 3)), np.zeros((1, 4)))
    with pytest.raises(ValueError, match="x1 <= x2"):
        box_area([[2, 0, 1, 1]])
    with pytest.raises(ValueError, match="scores must have one entry per box"):
        non_max_suppression(np.zeros((2, 4)), [1.0])
    with pytest.raises(ValueError, match="iou_threshold must be"):
        non_max_suppression(np.zeros((1, 4)), [1.0], iou_threshold=-0.1)
    with pytest.raises(TypeError, match="max_output_size must be an integer"):
        non_max_suppression(np.zeros((1, 4)), [1.0], max_output_size=1.5)
    with pytest.raises(ValueError, match="labels must have one entry"):
        class_wise_nms(np.zeros((2, 4)), [1.0, 0.5], [0])
    with pytest.raises(ValueError, match="n_positives=1 is smaller"):
        average_precision([1, 1], [0.5, 0.4], 1)
    with pytest.raises(ValueError, match="is_tp must hold booleans"):
        precision_recall([2, 0], [0.5, 0.4], 3)
    with pytest.raises(ValueError, match="same length"):
        precision_recall([1, 0], [0.5], 3)
    with pytest.raises(ValueError, match="same images"):
        mean_average_precision([], [(np.zeros((0, 4)), [])])
    with pytest.raises(ValueError, match="no objects"):
        mean_average_precision([(np.zeros((0, 4)), [], [])], [(np.zeros((0, 4)), [])])
    with pytest.raises(ValueError, match="no pixel above"):
        ink_box(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="size must be an integer >= 28"):
        make_canvases(np.ones((2, 28, 28)), [0, 1], 3, size=20)
    with pytest.raises(ValueError, match="labels must have one entry per image"):
        make_canvases(np.ones((2, 28, 28)), [0], 3)
    with pytest.raises(ValueError, match="classes must lie in"):
        encode_grid([[0, 0, 1, 1]], [10], 56, 7, 10)
    with pytest.raises(ValueError, match="output must have shape"):
        decode_grid(np.zeros((7, 6, 15)), 56)
    with pytest.raises(ValueError, match="iou_threshold must be"):
        match_detections(np.zeros((1, 4)), [1.0], np.zeros((1, 4)), iou_threshold=0)


def test_keras_detector_and_loss():
    from neurocomp.utils import setup_tensorflow

    keras = setup_tensorflow(0)
    import tensorflow as tf

    from neurocomp.detection_keras import build_grid_detector, grid_detection_loss

    model = build_grid_detector(56, 10, (8, 16, 32))
    assert model.output.shape == (None, 7, 7, 15)
    assert isinstance(model, keras.Model)
    loss = grid_detection_loss(lambda_coord=5.0, lambda_noobj=0.5)
    target = encode_grid([[10, 12, 30, 40]], [7], 56, 7, 10)[None]
    logits = np.zeros_like(target)
    # by hand: 48 empty cells of 0.5·ln 2, one object cell of ln 2 + 5·box error + ln 10
    u, v, sw, sh = target[0, 3, 2, 1:5]
    box = (0.5 - u) ** 2 + (0.5 - v) ** 2 + (0.5 - sw) ** 2 + (0.5 - sh) ** 2
    expected = 48 * 0.5 * np.log(2) + np.log(2) + 5 * box + np.log(10)
    got = float(loss(tf.constant(target), tf.constant(logits)))
    assert got == pytest.approx(expected, rel=1e-5)
    with pytest.raises(ValueError, match="divisible by"):
        build_grid_detector(50, 10, (8, 16, 32))
    with pytest.raises(ValueError, match="filters must be a non-empty"):
        build_grid_detector(filters=())
    with pytest.raises(ValueError, match="lambda_coord must be"):
        grid_detection_loss(lambda_coord=0)


_B = np.array([[0.0, 0.0, 2.0, 2.0], [1.0, 1.0, 3.0, 3.0]])
_S = np.array([0.9, 0.8])
_IMAGES = np.zeros((3, 28, 28))
_IMAGES[:, 5:10, 5:10] = 1.0

BAD_DETECTION_CALLS = [
    (lambda: box_area(np.zeros((2, 3))), ValueError, r"boxes must have shape \(n, 4\)"),
    (lambda: box_iou(_B, [[0, 0, np.inf, 1]]), ValueError, "boxes_b must contain only finite"),
    (lambda: box_iou(_B, [[2, 0, 1, 1]]), ValueError, "boxes_b must satisfy x1 <= x2"),
    (lambda: non_max_suppression(_B, [np.nan, 1.0]), ValueError, "scores must contain only finite"),
    (lambda: non_max_suppression(_B, _S, 2.0), ValueError,
     r"iou_threshold must be in \[0, 1\]; got iou_threshold=2.0"),
    (lambda: non_max_suppression(_B, _S, 0.5, -1), ValueError,
     "max_output_size must be an integer >= 0"),
    (lambda: class_wise_nms(_B, [1.0], [0, 1]), ValueError,
     "scores must have one entry per box; got 1 scores for 2 boxes"),
    (lambda: class_wise_nms(_B, _S, [0.5, 1.2]), ValueError,
     r"labels must hold non-negative integer class labels; got \[0.5, 1.2\]"),
    (lambda: class_wise_nms(_B, _S, [-1, 0]), ValueError, "labels must hold non-negative"),
    (lambda: class_wise_nms(_B, _S, [0, 1], 2.0), ValueError, r"iou_threshold must be in \[0, 1\]"),
    (lambda: class_wise_nms(np.zeros((0, 4)), [], [], -1.0), ValueError,
     "iou_threshold must be a finite non-negative"),
    (lambda: precision_recall(["a", "b"], _S, 2), ValueError,
     r"is_tp must hold booleans or 0/1 values; got \['a', 'b'\]"),
    (lambda: precision_recall([1, 0], _S, 0), ValueError, "n_positives must be an integer >= 1"),
    (lambda: average_precision([1, 0], [1.0], 2), ValueError, "scores and is_tp must have the same"),
    (lambda: match_detections(_B, _S, _B, 2.0), ValueError,
     r"iou_threshold must be in \(0, 1\]; got iou_threshold=2.0"),
    (lambda: match_detections(_B, _S, np.zeros((2, 3))), ValueError, "true_boxes must have shape"),
    (lambda: mean_average_precision(5, 5), TypeError,
     "detections must be a sequence with one entry per image; got int"),
    (lambda: mean_average_precision([(_B, _S)], [(_B, [0, 1])]), ValueError,
     r"detections\[0\] must be a tuple \(boxes, scores, labels\)"),
    (lambda: mean_average_precision([(_B, _S, [0, 1])], [(_B, [0, 1], 3)]), ValueError,
     r"truths\[0\] must be a tuple \(boxes, labels\)"),
    (lambda: mean_average_precision([(_B, _S, [0])], [(_B, [0, 1])]), ValueError,
     r"detections\[0\] must have one label per box; got 1 labels for 2 boxes"),
    (lambda: mean_average_precision([(_B, _S, [0, 1])], [(_B, [0])]), ValueError,
     r"truths\[0\] must have one label per box; got 1 labels for 2 boxes"),
    (lambda: mean_average_precision([(_B, [1.0], [0, 1])], [(_B, [0, 1])]), ValueError,
     r"detections\[0\] must have one score per box; got 1 scores for 2 boxes"),
    (lambda: mean_average_precision([(_B, _S, [0.5, 1])], [(_B, [0, 1])]), ValueError,
     r"detections\[0\] labels must hold non-negative integer class labels"),
    (lambda: mean_average_precision([(_B, _S, [0, 1])], [(_B, [0, 1])], 2.0), ValueError,
     r"iou_threshold must be in \(0, 1\]"),
    (lambda: ink_box(np.ones((4, 4)), "a"), TypeError, "threshold must be array-like"),
    (lambda: ink_box(np.ones((4, 4)), np.nan), ValueError, "threshold must contain only finite"),
    (lambda: make_canvases(_IMAGES, [1.5, 2, 3], 2), ValueError,
     "labels must hold non-negative integer class labels"),
    (lambda: make_canvases(_IMAGES, [1, 2], 2), ValueError,
     "labels must have one entry per image; got 2 labels for 3 images"),
    (lambda: make_canvases(np.zeros((2, 28, 28)), [1, 2], 2), ValueError,
     "images must be non-negative with at least one pixel above 0 each; got minimum 0.0 and 2 empty"),
    (lambda: make_canvases(-_IMAGES, [1, 2, 3], 2), ValueError, "images must be non-negative"),
    (lambda: make_canvases(_IMAGES, [1, 2, 3], 0), ValueError, "n_canvases must be an integer >= 1"),
    (lambda: encode_grid(_B, [0.5, 1], 8, 2, 3), ValueError,
     "classes must hold non-negative integer class labels"),
    (lambda: encode_grid([[-10, -10, -8, -8]], [0], 8, 2, 3), ValueError,
     r"boxes must lie inside the image, with coordinates in \[0, 8\]; got values from -10.0"),
    (lambda: encode_grid([[20, 20, 30, 30]], [0], 8, 2, 3), ValueError, "boxes must lie inside"),
    (lambda: encode_grid(_B, [0, 1], 8, 0, 3), ValueError, "grid must be an integer >= 1"),
    (lambda: decode_grid(np.zeros((0, 0, 6)), 8), ValueError,
     r"output must have shape \(grid, grid, 5 \+ n_classes\); got \(0, 0, 6\)"),
    (lambda: decode_grid(np.zeros((2, 2, 6)), 8, 2.0), ValueError,
     r"score_threshold must be in \[0, 1\]; got score_threshold=2.0"),
    (lambda: decode_grid(np.full((2, 2, 6), np.nan), 8), ValueError, "output must contain only finite"),
]


@pytest.mark.parametrize("call, error, message", BAD_DETECTION_CALLS)
def test_detection_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_make_canvases_places_non_square_digits():
    images = np.ones((2, 10, 20))  # 10 rows, 20 columns: x positions must leave room for 20
    canvases, boxes, _ = make_canvases(images, [1, 2], 4, size=30, max_digits=1, seed=0)
    widths = [b[:, 2] - b[:, 0] for b in boxes]
    np.testing.assert_array_equal(np.concatenate(widths), np.full(4, 20.0))
    assert all(b[:, 2].max() <= 30 for b in boxes)
    np.testing.assert_allclose(canvases.sum(axis=(1, 2)), np.full(4, 200.0))
