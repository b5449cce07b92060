"""Object detection in NumPy: boxes, IoU, non-maximum suppression, average
precision.

Functions of the chapter "Object detection". A box is a row (x1, y1, x2, y2) in
pixels: x counts columns from the left, y rows from the top, and pixel (row i,
column j) covers the square [j, j + 1) × [i, i + 1), so that a box has width x2
- x1 and height y2 - y1. The module also builds the chapter's detection task
(MNIST digits on a larger canvas) and encodes and decodes the output grid of a
single-shot, YOLO-like detector.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_int,
    check_positive,
)


def check_boxes(boxes: Any, name: str = "boxes") -> np.ndarray:
    """Return boxes as a float array of shape (n, 4) with x1 <= x2 and y1 <=
    y2."""
    boxes = check_array(boxes, name, ndim=(1, 2))
    if boxes.ndim == 1 and boxes.size == 0:
        boxes = boxes.reshape(0, 4)
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise ValueError(
            f"{name} must have shape (n, 4) with rows (x1, y1, x2, y2); "
            f"got shape {boxes.shape}"
        )
    bad = np.flatnonzero(
        (boxes[:, 2] < boxes[:, 0]) | (boxes[:, 3] < boxes[:, 1])
    )
    if bad.size:
        raise ValueError(
            f"{name} must satisfy x1 <= x2 and y1 <= y2; row {bad[0]} is "
            f"{boxes[bad[0]].tolist()}"
        )
    return boxes


def _check_fraction(
    value: Any, name: str, *, allow_zero: bool = True
) -> float:
    """A threshold on IoU or on a score: a number in [0, 1] (or (0, 1])."""
    value = check_positive(value, name, allow_zero=allow_zero)
    if value > 1:
        interval = "[0, 1]" if allow_zero else "(0, 1]"
        raise ValueError(f"{name} must be in {interval}; got {name}={value!r}")
    return value


def _check_classes(labels: Any, name: str) -> np.ndarray:
    """Class labels 0, 1, 2, ... of a set of boxes (possibly none) as a 1-D int
    array."""
    labels = check_array(labels, name, ndim=1, dtype=None)
    if labels.size and (
        labels.dtype.kind not in "iuf"
        or np.any(labels != np.round(labels))
        or labels.min() < 0
    ):
        raise ValueError(
            f"{name} must hold non-negative integer class labels; got "
            f"{labels[:5].tolist()}"
        )
    return labels.astype(int)


def box_area(boxes: Any) -> np.ndarray:
    """Areas (x2 - x1)·(y2 - y1) of boxes of shape (n, 4); returns shape
    (n,)."""
    boxes = check_boxes(boxes)
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])


def box_iou(boxes_a: Any, boxes_b: Any) -> np.ndarray:
    """Intersection over union of every box of boxes_a with every box of
    boxes_b.

    IoU(A, B) = |A ∩ B| / |A ∪ B| = I / (|A| + |B| - I), where the intersection
    of two boxes is the box (max x1, max y1, min x2, min y2) when it is not
    empty. Two boxes of zero area have IoU 0.

    Parameters
    ----------
    boxes_a : array_like, shape (n, 4)
    boxes_b : array_like, shape (m, 4)

    Returns
    -------
    numpy.ndarray, shape (n, m)
    """
    a, b = check_boxes(boxes_a, "boxes_a"), check_boxes(boxes_b, "boxes_b")
    top_left = np.maximum(a[:, None, :2], b[None, :, :2])
    bottom_right = np.minimum(a[:, None, 2:], b[None, :, 2:])
    sides = np.clip(bottom_right - top_left, 0.0, None)
    intersection = sides[..., 0] * sides[..., 1]
    union = box_area(a)[:, None] + box_area(b)[None, :] - intersection
    return np.divide(
        intersection, union, out=np.zeros_like(intersection), where=union > 0
    )


def non_max_suppression(
    boxes: Any,
    scores: Any,
    iou_threshold: float = 0.5,
    max_output_size: int | None = None,
) -> np.ndarray:
    """Greedy non-maximum suppression.

    Repeat: keep the box with the highest remaining score, then drop every
    remaining box whose IoU with it exceeds iou_threshold. Ties in the score
    keep the lower index.

    Returns
    -------
    numpy.ndarray of int
        Indices of the kept boxes, in decreasing order of score.
    """
    boxes = check_boxes(boxes)
    scores = check_array(scores, "scores", ndim=1)
    if scores.shape[0] != boxes.shape[0]:
        raise ValueError(
            f"scores must have one entry per box; got {scores.shape[0]} "
            f"scores for {boxes.shape[0]} boxes"
        )
    iou_threshold = _check_fraction(iou_threshold, "iou_threshold")
    limit = (
        boxes.shape[0]
        if max_output_size is None
        else check_int(max_output_size, "max_output_size", minimum=0)
    )
    order = np.argsort(-scores, kind="stable")
    keep: list[int] = []
    while order.size and len(keep) < limit:
        best, order = order[0], order[1:]
        keep.append(int(best))
        overlap = box_iou(boxes[best : best + 1], boxes[order])[0]
        order = order[overlap <= iou_threshold]
    return np.asarray(keep, dtype=int)


def class_wise_nms(
    boxes: Any, scores: Any, labels: Any, iou_threshold: float = 0.5
) -> np.ndarray:
    """Non-maximum suppression run separately for each class label.

    A box can only suppress boxes of its own class. Returns the kept indices in
    decreasing order of score.
    """
    boxes, scores = check_boxes(boxes), check_array(scores, "scores", ndim=1)
    labels = _check_classes(labels, "labels")
    for name, values in (("scores", scores), ("labels", labels)):
        if values.shape[0] != boxes.shape[0]:
            raise ValueError(
                f"{name} must have one entry per box; got {values.shape[0]} "
                f"{name} for {boxes.shape[0]} boxes"
            )
    iou_threshold = _check_fraction(iou_threshold, "iou_threshold")
    keep = [
        np.flatnonzero(labels == c)[
            non_max_suppression(
                boxes[labels == c], scores[labels == c], iou_threshold
            )
        ]
        for c in np.unique(labels)
    ]
    keep = np.concatenate(keep) if keep else np.zeros(0, dtype=int)
    return keep[np.argsort(-scores[keep], kind="stable")]


def precision_recall(
    is_tp: Any, scores: Any, n_positives: int
) -> tuple[np.ndarray, np.ndarray]:
    """Precision and recall after each detection of a ranking by decreasing
    score.

    After the k best detections, precision = TP(k) / k and recall = TP(k) /
    n_positives, where TP(k) counts the true positives among them and
    n_positives is the number of ground-truth objects (found or not).

    Returns
    -------
    precision, recall : numpy.ndarray, shape (n_detections,)
    """
    is_tp = check_array(is_tp, "is_tp", ndim=1, dtype=None)
    if is_tp.dtype != bool and not np.isin(is_tp, (0, 1)).all():
        raise ValueError(
            f"is_tp must hold booleans or 0/1 values; got {is_tp[:5].tolist()}"
        )
    scores = check_array(scores, "scores", ndim=1)
    if scores.shape != is_tp.shape:
        raise ValueError(
            "scores and is_tp must have the same length; got "
            f"{scores.shape[0]} "
            f"and {is_tp.shape[0]}"
        )
    n_positives = check_int(n_positives, "n_positives")
    if is_tp.sum() > n_positives:
        raise ValueError(
            f"n_positives={n_positives} is smaller than the "
            f"{int(is_tp.sum())} "
            "true positives in is_tp"
        )
    hits = is_tp.astype(bool)[np.argsort(-scores, kind="stable")]
    found = np.cumsum(hits)
    return found / np.arange(1, hits.size + 1), found / n_positives


def average_precision(is_tp: Any, scores: Any, n_positives: int) -> float:
    """All-point interpolated average precision (PASCAL VOC from 2010 on).

    The interpolated precision at rank k is the best precision at rank k or
    below, p_interp(k) = max over j >= k of precision(j); AP is the area under
    the resulting monotone precision-recall curve. Recall grows by 1 /
    n_positives at each true positive and by nothing elsewhere, so AP = (1 /
    n_positives) · Σ over true positives k of p_interp(k). Objects that are
    never found contribute 0.
    """
    precision, _ = precision_recall(is_tp, scores, n_positives)
    hits = np.asarray(is_tp, dtype=bool)[
        np.argsort(-np.asarray(scores, float), kind="stable")
    ]
    envelope = np.maximum.accumulate(precision[::-1])[::-1]
    return float(envelope[hits].sum() / n_positives)


def match_detections(
    boxes: Any, scores: Any, true_boxes: Any, iou_threshold: float = 0.5
) -> np.ndarray:
    """Mark each detection of one image and one class as true (True) or false
    positive.

    In order of decreasing score, a detection is assigned to the ground-truth
    box it overlaps most; it is a true positive if that IoU is at least
    iou_threshold and the box has not been claimed by a better-scored detection
    (the PASCAL VOC rule).
    """
    boxes, true_boxes = (
        check_boxes(boxes),
        check_boxes(true_boxes, "true_boxes"),
    )
    scores = check_array(scores, "scores", ndim=1)
    if scores.shape[0] != boxes.shape[0]:
        raise ValueError(
            f"scores must have one entry per box; got {scores.shape[0]} "
            f"scores for {boxes.shape[0]} boxes"
        )
    iou_threshold = _check_fraction(
        iou_threshold, "iou_threshold", allow_zero=False
    )
    return _match(boxes, scores, true_boxes, iou_threshold)


def _match(
    boxes: np.ndarray,
    scores: np.ndarray,
    true_boxes: np.ndarray,
    iou_threshold: float,
) -> np.ndarray:
    """The PASCAL VOC matching of match_detections on checked arguments."""
    is_tp = np.zeros(boxes.shape[0], dtype=bool)
    if true_boxes.shape[0] == 0:
        return is_tp
    overlap = box_iou(boxes, true_boxes)
    claimed = np.zeros(true_boxes.shape[0], dtype=bool)
    for i in np.argsort(-scores, kind="stable"):
        j = int(np.argmax(overlap[i]))
        if overlap[i, j] >= iou_threshold and not claimed[j]:
            is_tp[i] = claimed[j] = True
    return is_tp


def mean_average_precision(
    detections: Sequence, truths: Sequence, iou_threshold: float = 0.5
) -> tuple[float, dict[int, float]]:
    """mAP over the classes that occur in the ground truth of a set of images.

    Parameters
    ----------
    detections : sequence of (boxes, scores, labels), one triple per image
    truths : sequence of (boxes, labels), one pair per image
    iou_threshold : float
        Minimum IoU for a detection to count as a hit (0.5 for mAP@0.5).

    Returns
    -------
    mAP : float
        The mean over classes of the all-point interpolated average precision.
    per_class : dict
        Average precision of each class.
    """
    for name, value in (("detections", detections), ("truths", truths)):
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
            raise TypeError(
                f"{name} must be a sequence with one entry per image; got "
                f"{type(value).__name__}"
            )
    if len(detections) != len(truths):
        raise ValueError(
            f"detections and truths must describe the same images; got "
            f"{len(detections)} and {len(truths)} entries"
        )
    iou_threshold = _check_fraction(
        iou_threshold, "iou_threshold", allow_zero=False
    )
    per_class_hits: dict[int, list] = {}
    n_positives: dict[int, int] = {}
    for i in range(len(detections)):
        boxes, scores, labels = _image_entry(
            detections[i], f"detections[{i}]", 3
        )
        true_boxes, true_labels = _image_entry(truths[i], f"truths[{i}]", 2)
        for c in np.union1d(labels, true_labels):
            mine, theirs = labels == c, true_labels == c
            hits = _match(
                boxes[mine], scores[mine], true_boxes[theirs], iou_threshold
            )
            per_class_hits.setdefault(int(c), []).append((hits, scores[mine]))
            n_positives[int(c)] = n_positives.get(int(c), 0) + int(
                theirs.sum()
            )
    per_class = {}
    for c in sorted(n_positives):
        # a class that was only ever predicted has no AP
        if n_positives[c] == 0:
            continue
        hits, scores = (
            np.concatenate(parts) for parts in zip(*per_class_hits[c])
        )
        per_class[c] = average_precision(hits, scores, n_positives[c])
    if not per_class:
        raise ValueError("truths contain no objects: mAP is undefined")
    return float(np.mean(list(per_class.values()))), per_class


def _image_entry(entry: Any, name: str, size: int) -> tuple[np.ndarray, ...]:
    """Check one image's (boxes, scores, labels) (size 3) or (boxes, labels)
    (size 2)."""
    parts = ("boxes", "scores", "labels") if size == 3 else ("boxes", "labels")
    if (
        isinstance(entry, (str, bytes))
        or not isinstance(entry, Sequence)
        or len(entry) != size
    ):
        raise ValueError(
            f"{name} must be a tuple ({', '.join(parts)}); got {_short(entry)}"
        )
    boxes = check_boxes(entry[0], f"{name} boxes")
    checked = [boxes]
    for part, value in zip(parts[1:], entry[1:]):
        values = (
            check_array(value, f"{name} scores", ndim=1)
            if part == "scores"
            else _check_classes(value, f"{name} labels")
        )
        if values.shape[0] != boxes.shape[0]:
            raise ValueError(
                f"{name} must have one {part[:-1]} per box; got "
                f"{values.shape[0]} {part} for {boxes.shape[0]} boxes"
            )
        checked.append(values)
    return tuple(checked)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."


def ink_box(image: Any, threshold: float = 0.0) -> np.ndarray:
    """The tightest box (x1, y1, x2, y2) around the pixels of a 2-D image above
    threshold."""
    image = check_array(image, "image", ndim=2)
    threshold = float(check_array(threshold, "threshold", ndim=0))
    rows, cols = np.nonzero(image > threshold)
    if rows.size == 0:
        raise ValueError(f"image has no pixel above threshold={threshold}")
    return np.array(
        [cols.min(), rows.min(), cols.max() + 1, rows.max() + 1], dtype=float
    )


def make_canvases(
    images: Any,
    labels: Any,
    n_canvases: int,
    size: int = 56,
    max_digits: int = 3,
    seed: SeedLike = None,
) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """A detection data set: 1 to max_digits digits pasted on empty square
    canvases.

    Each digit (a random image of images) is placed at a random position where
    its ink box (the tight box around pixels above 0) does not overlap the box
    of a digit already on the canvas; overlapping 28 × 28 patches are combined
    by the pixel-wise maximum.

    Returns
    -------
    canvases : numpy.ndarray, shape (n_canvases, size, size), values in [0, 1]
    boxes : list of arrays of shape (k, 4), the ink boxes of each canvas
    classes : list of int arrays of shape (k,), the digits' labels
    """
    images = check_array(images, "images", ndim=3, min_samples=1)
    labels = _check_classes(labels, "labels")
    if labels.shape[0] != images.shape[0]:
        raise ValueError(
            f"labels must have one entry per image; got {labels.shape[0]} "
            f"labels for {images.shape[0]} images"
        )
    ink = images.reshape(images.shape[0], -1).max(axis=1, initial=0.0)
    if images.min(initial=0.0) < 0 or np.any(ink <= 0):
        raise ValueError(
            "images must be non-negative with at least one pixel above 0 "
            "each; "
            f"got minimum {images.min(initial=0.0)} and "
            f"{int(np.sum(ink <= 0))} "
            "empty images"
        )
    n_canvases, max_digits = (
        check_int(n_canvases, "n_canvases"),
        check_int(max_digits, "max_digits"),
    )
    width = images.shape[2]
    size = check_int(size, "size", minimum=max(images.shape[1], width))
    rng = as_generator(seed)
    scale = 255.0 if images.max() > 1 else 1.0
    canvases = np.zeros((n_canvases, size, size), dtype=np.float32)
    all_boxes, all_classes = [], []
    for n in range(n_canvases):
        boxes: list[np.ndarray] = []
        classes: list[int] = []
        for _ in range(rng.integers(1, max_digits + 1)):
            k = int(rng.integers(images.shape[0]))
            digit = images[k] / scale
            # give up on this digit if the canvas is too full
            for _attempt in range(20):
                y0, x0 = (
                    rng.integers(0, size - digit.shape[0] + 1),
                    rng.integers(0, size - width + 1),
                )
                box = ink_box(digit) + np.array([x0, y0, x0, y0])
                if not boxes or box_iou(box[None], np.array(boxes)).max() == 0:
                    patch = canvases[
                        n, y0 : y0 + digit.shape[0], x0 : x0 + digit.shape[1]
                    ]
                    np.maximum(patch, digit, out=patch)
                    boxes.append(box)
                    classes.append(int(labels[k]))
                    break
        all_boxes.append(np.array(boxes).reshape(-1, 4))
        all_classes.append(np.array(classes, dtype=int))
    return canvases, all_boxes, all_classes


def encode_grid(
    boxes: Any, classes: Any, image_size: int, grid: int, n_classes: int
) -> np.ndarray:
    """The training target of a YOLO-like detector for one image.

    The image is cut into grid × grid cells; the cell that contains the centre
    of a box is responsible for it. Its target vector is (1, u, v, √w, √h,
    one-hot class), where (u, v) in [0, 1) is the centre's position inside the
    cell and w, h are the box's width and height as fractions of the image.
    Every other cell has objectness 0. When two centres fall into one cell, the
    larger box wins.

    Returns
    -------
    numpy.ndarray, shape (grid, grid, 5 + n_classes)
    """
    boxes = check_boxes(boxes)
    classes = _check_classes(classes, "classes")
    if classes.shape[0] != boxes.shape[0]:
        raise ValueError(
            f"classes must have one entry per box; got {classes.shape[0]} "
            f"for {boxes.shape[0]} boxes"
        )
    image_size, grid = (
        check_int(image_size, "image_size"),
        check_int(grid, "grid"),
    )
    n_classes = check_int(n_classes, "n_classes")
    if classes.size and (classes.min() < 0 or classes.max() >= n_classes):
        raise ValueError(
            f"classes must lie in [0, {n_classes}); got {classes.tolist()}"
        )
    if boxes.size and (boxes.min() < 0 or boxes.max() > image_size):
        raise ValueError(
            f"boxes must lie inside the image, with coordinates in [0, "
            f"{image_size}]; got values from {boxes.min()} to {boxes.max()}"
        )
    target = np.zeros((grid, grid, 5 + n_classes), dtype=np.float32)
    cell = image_size / grid
    # larger boxes are written last and win
    for k in np.argsort(box_area(boxes)):
        x1, y1, x2, y2 = boxes[k]
        col, u = divmod((x1 + x2) / 2 / cell, 1.0)
        row, v = divmod((y1 + y2) / 2 / cell, 1.0)
        row, col = min(int(row), grid - 1), min(int(col), grid - 1)
        target[row, col, :5] = (
            1,
            u,
            v,
            np.sqrt((x2 - x1) / image_size),
            np.sqrt((y2 - y1) / image_size),
        )
        target[row, col, 5:] = np.eye(n_classes)[classes[k]]
    return target


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def decode_grid(
    output: Any, image_size: int, score_threshold: float = 0.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Turn the raw output grid of a YOLO-like detector into scored boxes.

    Channel 0 is the objectness logit, channels 1-4 the logits of (u, v, √w,
    √h) as in encode_grid, the rest the class logits. A cell's score is
    σ(objectness) · max softmax(class logits), its label the most likely class.

    Returns
    -------
    boxes : numpy.ndarray, shape (k, 4)
    scores, labels : numpy.ndarray, shape (k,)
        The cells whose score exceeds score_threshold.
    """
    output = check_array(output, "output", ndim=3)
    grid = output.shape[0]
    if grid == 0 or output.shape[1] != grid or output.shape[2] < 6:
        raise ValueError(
            "output must have shape (grid, grid, 5 + n_classes); got "
            f"{output.shape}"
        )
    image_size = check_int(image_size, "image_size")
    score_threshold = _check_fraction(score_threshold, "score_threshold")
    cell = image_size / grid
    rows, cols = np.meshgrid(np.arange(grid), np.arange(grid), indexing="ij")
    u, v, sw, sh = (_sigmoid(output[..., c]) for c in range(1, 5))
    logits = output[..., 5:] - output[..., 5:].max(axis=-1, keepdims=True)
    probs = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    cx, cy = (cols + u) * cell, (rows + v) * cell
    half_w, half_h = sw**2 * image_size / 2, sh**2 * image_size / 2
    boxes = np.stack(
        [cx - half_w, cy - half_h, cx + half_w, cy + half_h], axis=-1
    )
    scores = _sigmoid(output[..., 0]) * probs.max(axis=-1)
    keep = scores > score_threshold
    return boxes[keep], scores[keep], probs.argmax(axis=-1)[keep]
