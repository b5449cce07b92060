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
