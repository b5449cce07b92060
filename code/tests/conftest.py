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


def _refuse(*args, **kwargs):
    raise RuntimeError("a Brian2 object was built before the arguments were checked")


@pytest.fixture
def unbuilt(monkeypatch):
    """Building a Brian2 group, synapse, monitor or network fails: checks must come first."""
    import brian2 as b2

    for name in ("NeuronGroup", "SpikeGeneratorGroup", "PoissonGroup", "PoissonInput",
                 "Synapses", "StateMonitor", "SpikeMonitor", "Network"):
        monkeypatch.setattr(b2, name, _refuse)
