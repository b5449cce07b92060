"""Small helpers shared by every module: seeding and argument checking.

Every public function of neurocomp validates its arguments with the helpers
below, so that bad input fails at once with a message that names the argument, the
value that was given and what was expected.
"""

from __future__ import annotations

import contextlib
import numbers
import os
import sys
from typing import Any

import numpy as np

SeedLike = int | np.random.Generator | None


def as_generator(seed: SeedLike = None) -> np.random.Generator:
    """Turn ``seed`` into a numpy.random.Generator.

    Parameters
    ----------
    seed : int, numpy.random.Generator or None
        An integer seed (same seed, same numbers), an existing generator (returned
        unchanged, so that several functions can share one stream) or ``None`` for
        fresh entropy from the operating system.

    Returns
    -------
    numpy.random.Generator
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"seed must be an int, a numpy.random.Generator or None; got {seed!r} "
            f"of type {type(seed).__name__}"
        )
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got seed={seed}")
    return np.random.default_rng(int(seed))


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."


def check_array(
    value: Any,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    dtype: Any = float,
    finite: bool = True,
    min_samples: int = 0,
) -> np.ndarray:
    """Convert ``value`` to an array and check its dimension and values.

    Parameters
    ----------
    value : array_like
        What the caller passed.
    name : str
        The argument's name, used in the error message.
    ndim : int or tuple of int, optional
        Allowed numbers of dimensions.
    dtype : numpy dtype, optional
        Target dtype (``float`` by default; ``None`` keeps the input's).
    finite : bool
        Reject NaN and infinite values.
    min_samples : int
        Minimum length of the first axis.

    Returns
    -------
    numpy.ndarray
    """
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"{name} must be array-like with numeric entries; got {_describe(value)}"
        ) from err
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {want}; got {_describe(arr)}")
    if finite and arr.dtype.kind in "fc" and not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} must contain only finite values; found {bad} NaN or inf")
    if min_samples and (arr.ndim == 0 or arr.shape[0] < min_samples):
        got = 0 if arr.ndim == 0 else arr.shape[0]
        raise ValueError(f"{name} needs at least {min_samples} samples; got {got}")
    return arr


def check_X_y(X: Any, y: Any, *, y_ndim: int | tuple[int, ...] = 1) -> tuple[np.ndarray, np.ndarray]:
    """Check a design matrix ``X`` of shape ``(n_samples, n_features)`` and targets ``y``.

    Returns both as float arrays; raises when their lengths differ.
    """
    X = check_array(X, "X", ndim=2, min_samples=1)
    y = check_array(y, "y", ndim=y_ndim)
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"X and y must have the same number of samples; got X with {X.shape[0]} "
            f"rows and y with {y.shape[0]}"
        )
    return X, y


def check_positive(value: Any, name: str, *, allow_zero: bool = False) -> float:
    """Check that a scalar is a (strictly) positive real number and return it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {_describe(value)}")
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        want = "non-negative" if allow_zero else "positive"
        raise ValueError(f"{name} must be a finite {want} number; got {name}={value!r}")
    return float(value)


def check_int(value: Any, name: str, *, minimum: int = 1) -> int:
    """Check that ``value`` is an integer of at least ``minimum`` and return it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {_describe(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {name}={value}")
    return int(value)


def check_choice(value: Any, name: str, choices: tuple[str, ...]) -> str:
    """Check that ``value`` is one of ``choices`` and return it."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value


def check_fitted(model: Any, attribute: str) -> None:
    """Raise a clear error when ``predict`` is called before ``fit``."""
    if getattr(model, attribute, None) is None:
        raise RuntimeError(
            f"{type(model).__name__} is not fitted yet: call fit(X, y) before using it"
        )


@contextlib.contextmanager
def _muted_stderr():
    """Send what C/C++ code writes to file descriptor 2 to /dev/null for a while."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def setup_tensorflow(seed: int = 42, *, threads: int | None = None):
    """Import TensorFlow quietly and seed Python, NumPy and TensorFlow.

    Call it in a chapter's first cell *before* anything imports TensorFlow: it turns on
    oneDNN's fast CPU kernels (``TF_ENABLE_ONEDNN_OPTS=1``, unless the environment says
    otherwise), keeps the C++ start-up messages out of the book (``TF_CPP_MIN_LOG_LEVEL``,
    and the standard error stream is muted while TensorFlow is imported, since oneDNN
    announces itself there whatever the log level), silences Python-side warnings of
    TensorFlow, and calls
    ``keras.utils.set_random_seed(seed)`` so that weight initialisation, dropout and
    shuffling are reproducible.

    Parameters
    ----------
    seed : int
        Seed for Python's ``random``, NumPy's legacy global state and TensorFlow.
    threads : int, optional
        Limit TensorFlow's intra- and inter-op thread pools (default: all cores, or the
        environment's ``TF_NUM_INTRAOP_THREADS``, which the book's executor sets when it
        runs several pages at once).

    Returns
    -------
    module
        The ``keras`` module, so that a chapter can write ``keras = setup_tensorflow(SEED)``.
    """
    import logging

    check_int(seed, "seed", minimum=0)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
    with _muted_stderr():
        import tensorflow as tf

    tf.get_logger().setLevel(logging.ERROR)
    logging.getLogger("absl").setLevel(logging.ERROR)
    if threads is not None:
        threads = check_int(threads, "threads")
        try:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(threads)
        except RuntimeError:  # already initialised: keep the existing pools
            pass
    import keras

    keras.utils.set_random_seed(seed)
    return keras
