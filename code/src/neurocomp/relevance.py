"""Layer-wise relevance propagation (LRP) for a dense ReLU network.

The network is given as a list of layers (K, b) in the Keras convention z = a·K
+ b, with a ReLU after every layer except the last, whose outputs are the class
scores (logits). LRP (Bach et al., 2015) explains the score f_c(x) of one class
by passing it back layer by layer: each unit's relevance R_k is shared among
its inputs in proportion to their contributions a_j K_jk to its net input z_k,

    R_j = Σ_k  a_j K_jk / (z_k + ε·sign(z_k))  R_k        (the LRP-ε rule),

until it reaches the pixels. With ε = 0 and no biases the total relevance is
conserved, Σ_i R_i = f_c(x); a bias keeps the share b_k / z_k of R_k.

Chapter *Limits of deep learning* (Part IV). Plain NumPy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .utils import check_array, check_positive

__all__ = ["lrp_dense"]


def lrp_dense(
    layers: Sequence[tuple[Any, Any]],
    x: Any,
    target: Any,
    *,
    eps: float = 1e-6,
) -> np.ndarray:
    """Pixel relevances of the score of class ``target`` for every row of
    ``x``.

    Parameters
    ----------
    layers : sequence of (K, b)
        Kernels of shape (inputs, units) and biases of shape (units,), first
        layer first; ReLU after all but the last layer.
    x : array_like, shape (N, D)
        Inputs.
    target : array_like of int, shape (N,)
        The class whose score each row's relevance explains.
    eps : float
        Stabiliser ε ≥ 0 of the LRP-ε rule (0 gives LRP-0).

    Returns
    -------
    ndarray, shape (N, D)
        Relevance of every input of every row.
    """
    if not isinstance(layers, Sequence) or len(layers) < 1:
        raise ValueError(
            "layers must be a non-empty sequence of (K, b) pairs; got "
            f"{layers!r}"
        )
    a = check_array(x, "x", ndim=2, dtype=float)
    eps = check_positive(eps, "eps", allow_zero=True)
    acts, nets = [a], []
    for i, pair in enumerate(layers):
        if len(pair) != 2:
            raise ValueError(
                f"layers[{i}] must be a pair (K, b); got {len(pair)} items"
            )
        K = check_array(pair[0], f"layers[{i}][0]", ndim=2, dtype=float)
        b = check_array(pair[1], f"layers[{i}][1]", ndim=1, dtype=float)
        if K.shape[0] != a.shape[1] or b.shape != (K.shape[1],):
            raise ValueError(
                f"layers[{i}] must have a kernel with {a.shape[1]} rows and a "
                f"bias with one entry per column; got {K.shape} and {b.shape}"
            )
        z = a @ K + b
        nets.append((K, z))
        a = np.maximum(z, 0.0) if i < len(layers) - 1 else z
        acts.append(a)
    target = np.asarray(target)
    if (
        target.shape != (a.shape[0],)
        or not np.issubdtype(target.dtype, np.integer)
        or target.min() < 0
        or target.max() >= a.shape[1]
    ):
        raise ValueError(
            f"target must hold {a.shape[0]} class indices in 0, ..., "
            f"{a.shape[1] - 1}; got {target!r}"
        )
    R = np.zeros_like(a)
    rows = np.arange(a.shape[0])
    R[rows, target] = a[rows, target]
    for (K, z), a_in in zip(reversed(nets), reversed(acts[:-1])):
        stab = z + eps * np.where(z >= 0, 1.0, -1.0)
        s = np.divide(R, stab, out=np.zeros_like(R), where=stab != 0)
        R = a_in * (s @ K.T)
    return R
