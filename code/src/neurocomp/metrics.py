"""Error measures of classifiers: accuracy, confusion matrix, precision, recall
and F1.

Chapter *Learning theory* (Part II) explains why a single accuracy number can
hide what a classifier gets wrong, and which finer measures a confusion matrix
yields. Labels may be integers or strings; the order of the classes is that of
``labels`` (by default the sorted union of the labels that occur).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .utils import check_array

__all__ = [
    "accuracy",
    "confusion_matrix",
    "precision_recall_f1",
    "ClassificationScores",
]


def _check_pair(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    y_true = check_array(y_true, "y_true", ndim=1, dtype=None, min_samples=1)
    y_pred = check_array(y_pred, "y_pred", ndim=1, dtype=None, min_samples=1)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            "y_true and y_pred must have the same length; got "
            f"{y_true.shape[0]} and "
            f"{y_pred.shape[0]}"
        )
    return y_true, y_pred


def accuracy(y_true: Any, y_pred: Any) -> float:
    """Fraction of correct predictions (1/N) Σ_i [y_i = t_i].

    Parameters
    ----------
    y_true, y_pred : array_like, shape (n_samples,)
        True labels t_i and predicted labels y_i.

    Returns
    -------
    float
        A number in [0, 1] (chapter *Learning theory*).
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(
    y_true: Any, y_pred: Any, labels: Any = None
) -> np.ndarray:
    """Count matrix C_jk = |{i : t_i = c_j and y_i = c_k}|.

    Row j holds the samples whose true class is c_j, column k
    those predicted as c_k; the diagonal counts the correct predictions and
    the sum of all entries is the number of samples (chapter *Learning
    theory*).

    Parameters
    ----------
    y_true, y_pred : array_like, shape (n_samples,)
        True and predicted labels.
    labels : array_like, optional
        The classes c_1, ..., c_K in the order of the rows and columns
        (default: the sorted union of ``y_true`` and ``y_pred``). A label
        outside ``labels`` raises a ValueError.

    Returns
    -------
    numpy.ndarray of int, shape (n_classes, n_classes)
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    if labels is None:
        labels = np.union1d(y_true, y_pred)
    else:
        labels = check_array(
            labels, "labels", ndim=1, dtype=None, min_samples=1
        )
        if np.unique(labels).size != labels.size:
            raise ValueError(
                f"labels must not repeat a class; got {labels.tolist()}"
            )
    index = {label: k for k, label in enumerate(labels.tolist())}
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        unknown = [v for v in np.unique(values).tolist() if v not in index]
        if unknown:
            raise ValueError(
                f"{name} contains labels {unknown[:5]} that are not in labels="
                f"{labels.tolist()}"
            )
    C = np.zeros((len(index), len(index)), dtype=int)
    rows = np.array([index[v] for v in y_true.tolist()])
    cols = np.array([index[v] for v in y_pred.tolist()])
    np.add.at(C, (rows, cols), 1)
    return C


@dataclass(frozen=True)
class ClassificationScores:
    """Per-class precision, recall, F1 and support, with their macro averages.

    Attributes
    ----------
    labels : numpy.ndarray
        The classes, in the order of the other arrays.
    precision, recall, f1 : numpy.ndarray of float
        Per-class scores (0 where a denominator is zero).
    support : numpy.ndarray of int
        Number of samples of each true class.
    """

    labels: np.ndarray
    precision: np.ndarray
    recall: np.ndarray
    f1: np.ndarray
    support: np.ndarray

    @property
    def macro_precision(self) -> float:
        """Unweighted mean of the per-class precisions."""
        return float(np.mean(self.precision))

    @property
    def macro_recall(self) -> float:
        """Unweighted mean of the per-class recalls."""
        return float(np.mean(self.recall))

    @property
    def macro_f1(self) -> float:
        """Unweighted mean of the per-class F1 scores (not the F1 of the macro
        means)."""
        return float(np.mean(self.f1))


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.zeros(num.shape, dtype=float)
    np.divide(num, den, out=out, where=den > 0)
    return out


def precision_recall_f1(
    y_true: Any, y_pred: Any, labels: Any = None
) -> ClassificationScores:
    """Precision, recall and F1 score of every class, from the confusion
    matrix.

    With TP_k = C_kk, FP_k = Σ_{j≠k} C_jk and FN_k = Σ_{j≠k} C_kj,

        P_k = TP_k / (TP_k + FP_k),   R_k = TP_k / (TP_k + FN_k),
        F1_k = 2 P_k R_k / (P_k + R_k),

    and a ratio whose denominator is zero is reported as 0 (chapter *Learning
    theory*).

    Parameters
    ----------
    y_true, y_pred : array_like, shape (n_samples,)
        True and predicted labels.
    labels : array_like, optional
        Class order, as in confusion_matrix.

    Returns
    -------
    ClassificationScores
        Per-class arrays and the macro averages ``macro_precision``,
        ``macro_recall``, ``macro_f1``.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    C = confusion_matrix(y_true, y_pred, labels)
    labels = (
        np.union1d(y_true, y_pred) if labels is None else np.asarray(labels)
    )
    tp = np.diag(C).astype(float)
    precision = _ratio(tp, C.sum(axis=0).astype(float))
    recall = _ratio(tp, C.sum(axis=1).astype(float))
    f1 = _ratio(2 * precision * recall, precision + recall)
    return ClassificationScores(labels, precision, recall, f1, C.sum(axis=1))
