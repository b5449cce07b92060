"""Tests of neurocomp.metrics against hand counts and scikit-learn."""

import numpy as np
import pytest
from sklearn import metrics as skm

from neurocomp.metrics import accuracy, confusion_matrix, precision_recall_f1


def test_accuracy():
    assert accuracy([0, 1, 1, 2], [0, 1, 2, 2]) == 0.75
    assert accuracy(["a", "b"], ["a", "b"]) == 1.0
    assert accuracy([-1, 1, 1], [1, 1, 1]) == pytest.approx(2 / 3)


def test_confusion_matrix_by_hand():
    C = confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2])
    np.testing.assert_array_equal(C, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert C.sum() == 6 and np.trace(C) == 4


def test_confusion_matrix_labels_order_and_missing_class():
    C = confusion_matrix(["cat", "dog"], ["dog", "dog"], labels=["dog", "cat", "bird"])
    np.testing.assert_array_equal(C, [[1, 0, 0], [1, 0, 0], [0, 0, 0]])


def test_against_sklearn():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 4, 300), rng.integers(0, 4, 300)
    y_pred[:150] = y_true[:150]
    np.testing.assert_array_equal(
        confusion_matrix(y_true, y_pred), skm.confusion_matrix(y_true, y_pred)
    )
    s = precision_recall_f1(y_true, y_pred)
    p, r, f, n = skm.precision_recall_fscore_support(y_true, y_pred)
    np.testing.assert_allclose(s.precision, p)
    np.testing.assert_allclose(s.recall, r)
    np.testing.assert_allclose(s.f1, f)
    np.testing.assert_array_equal(s.support, n)
    assert s.macro_f1 == pytest.approx(skm.f1_score(y_true, y_pred, average="macro"))
    assert s.macro_precision == pytest.approx(skm.precision_score(y_true, y_pred, average="macro"))
    assert s.macro_recall == pytest.approx(skm.recall_score(y_true, y_pred, average="macro"))


def test_zero_division_gives_zero():
    s = precision_recall_f1([0, 0, 1], [0, 0, 0])  # class 1 is never predicted
    np.testing.assert_allclose(s.precision, [2 / 3, 0.0])
    np.testing.assert_allclose(s.recall, [1.0, 0.0])
    np.testing.assert_allclose(s.f1, [0.8, 0.0])


def test_errors():
    with pytest.raises(ValueError, match="same length"):
        accuracy([0, 1], [0])
    with pytest.raises(ValueError, match="1-D"):
        confusion_matrix([[0, 1]], [[0, 1]])
    with pytest.raises(ValueError, match="not in labels"):
        confusion_matrix([0, 3], [0, 1], labels=[0, 1])
    with pytest.raises(ValueError, match="repeat"):
        confusion_matrix([0, 1], [0, 1], labels=[0, 1, 1])
    with pytest.raises(ValueError, match="at least 1 samples"):
        precision_recall_f1([], [])


BAD_METRIC_CALLS = [
    (lambda: accuracy([0.0, np.nan], [0, 1]), ValueError, "y_true must contain only finite values"),
    (lambda: accuracy([0, 1], [0, np.inf]), ValueError, "y_pred must contain only finite values"),
    (lambda: accuracy([0, 1], [[0, 1]]), ValueError, "y_pred must be 1-D"),
    (lambda: accuracy([], []), ValueError, "y_true needs at least 1 samples; got 0"),
    (lambda: confusion_matrix([0, 1], [0, 1], labels=[]), ValueError,
     "labels needs at least 1 samples"),
    (lambda: confusion_matrix([0, 1], [0, 1], labels=[[0, 1]]), ValueError, "labels must be 1-D"),
    (lambda: confusion_matrix([0, 1], [0, 2], labels=[0, 1]), ValueError,
     r"y_pred contains labels \[2\] that are not in labels=\[0, 1\]"),
    (lambda: precision_recall_f1([0, 1, 1], [0, 1]), ValueError,
     "y_true and y_pred must have the same length; got 3 and 2"),
    (lambda: precision_recall_f1([0, 1], [0, 1], labels=[1, 1]), ValueError,
     "labels must not repeat a class"),
]


@pytest.mark.parametrize("call, error, message", BAD_METRIC_CALLS)
def test_metrics_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
