"""Distances between points, shared by the nearest-neighbour classifier,
k-means and the Gaussian kernels (chapters *Introduction to machine learning*
and *Learning theory*)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .utils import check_array

__all__ = ["squared_distances"]


def squared_distances(X: Any, Y: Any = None) -> np.ndarray:
    """Squared Euclidean distances between the rows of ``X`` and the rows of
    ``Y``.

        D_ij = ‖x_i − y_j‖² = ‖x_i‖² − 2 x_iᵀy_j + ‖y_j‖²

    Parameters
    ----------
    X : array_like of shape (n, d)
    Y : array_like of shape (m, d), optional
        Defaults to ``X``.

    Returns
    -------
    ndarray of shape (n, m)
        Non-negative distances (round-off below zero is clipped).
    """
    X = check_array(X, "X", ndim=2, min_samples=1)
    Y = X if Y is None else check_array(Y, "Y", ndim=2, min_samples=1)
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"X and Y must have the same number of features; got {X.shape[1]} "
            f"and {Y.shape[1]}"
        )
    D = (
        (X**2).sum(axis=1)[:, None]
        - 2.0 * X @ Y.T
        + (Y**2).sum(axis=1)[None, :]
    )
    return np.maximum(D, 0.0)
