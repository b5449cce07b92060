"""Shared fixtures of the package's tests."""

from __future__ import annotations

import numpy as np
import pytest


def _three_blobs(seed: int = 0, n: int = 60, spread: float = 0.3):
    rng = np.random.default_rng(seed)
    centers = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    labels = np.repeat(np.arange(3), n)
    X = centers[labels] + spread * rng.standard_normal((3 * n, 2))
    return X, labels, centers


@pytest.fixture
def blobs():
    """Three Gaussian clusters in the plane: ``blobs(seed, n, spread)`` gives X, labels, centres."""
    return _three_blobs
