"""Small helpers shared by every module: seeding and argument checking.

Every public function of neurocomp validates its arguments with the helpers
below, so that bad input fails at once with a message that names the argument,
the value that was given and what was expected.
"""

from __future__ import annotations

import contextlib
import inspect
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
        An integer seed (same seed, same numbers), an existing generator
        (returned unchanged, so that several functions can share one stream) or
        ``None`` for fresh entropy from the operating system.

    Returns
    -------
    numpy.random.Generator
    """
    seed = check_seed(seed)
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    return np.random.default_rng(int(seed))


def check_seed(seed: Any) -> SeedLike:
    """Check that ``seed`` is a non-negative int, a Generator or None, and
    return it.

    Learners call it in ``__init__`` so that a bad seed fails there, not in
    ``fit``.
    """
    if seed is None or isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            "seed must be an int, a numpy.random.Generator or None; got "
            f"{seed!r} "
            f"of type {type(seed).__name__}"
        )
    if seed < 0:
        raise ValueError(
            f"seed must be a non-negative integer; got seed={seed}"
        )
    return seed


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
            f"{name} must be array-like with numeric entries; got "
            f"{_describe(value)}"
        ) from err
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {want}; got {_describe(arr)}")
    if finite and arr.dtype.kind in "fc" and not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(
            f"{name} must contain only finite values; found {bad} NaN or inf"
        )
    if min_samples and (arr.ndim == 0 or arr.shape[0] < min_samples):
        got = 0 if arr.ndim == 0 else arr.shape[0]
        raise ValueError(
            f"{name} needs at least {min_samples} samples; got {got}"
        )
    return arr


def check_X_y(
    X: Any,
    y: Any,
    *,
    y_ndim: int | tuple[int, ...] = 1,
    names: tuple[str, str] = ("X", "y"),
) -> tuple[np.ndarray, np.ndarray]:
    """Check a design matrix ``X`` of shape ``(n_samples, n_features)`` and
    targets ``y``.

    Returns both as float arrays; raises when their lengths differ. ``names``
    are the caller's names of the two arguments, used in the messages (e.g.
    ``("X", "t")``).
    """
    x_name, y_name = names
    X = check_array(X, x_name, ndim=2, min_samples=1)
    y = check_array(y, y_name, ndim=y_ndim)
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of samples; got "
            f"{x_name} with "
            f"{X.shape[0]} rows and {y_name} with {y.shape[0]}"
        )
    return X, y


def check_features(X: Any, n_features: int, name: str = "X") -> np.ndarray:
    """Check that ``X`` is 2-D with ``n_features`` columns, like the data a
    model was fitted on."""
    X = check_array(X, name, ndim=2)
    if X.shape[1] != n_features:
        raise ValueError(
            f"{name} must have {n_features} features like the training data; "
            "got "
            f"{name} with {X.shape[1]}"
        )
    return X


def check_labels(y: Any, name: str = "y") -> np.ndarray:
    """Check that ``y`` is a non-empty 1-D array of class labels 0, 1, 2, ...;
    return ints."""
    arr = check_array(y, name, ndim=1, dtype=None, min_samples=1)
    if arr.dtype.kind not in "iuf" or (
        arr.dtype.kind == "f" and np.any(arr != np.round(arr))
    ):
        raise ValueError(
            f"{name} must hold non-negative integer class labels 0, 1, ..., "
            "K-1; got values "
            f"of dtype {arr.dtype} such as {arr[:5].tolist()}"
        )
    if np.any(arr < 0):
        raise ValueError(
            f"{name} must hold non-negative class labels; found {arr.min()}"
        )
    return arr.astype(int)


def check_bool(value: Any, name: str) -> bool:
    """Check that ``value`` is a bool (Python or NumPy) and return it as a
    Python bool."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"{name} must be True or False; got {_describe(value)}"
        )
    return bool(value)


def check_positive(
    value: Any, name: str, *, allow_zero: bool = False
) -> float:
    """Check that a scalar is a (strictly) positive real number and return
    it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a real number; got {_describe(value)}"
        )
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        want = "non-negative" if allow_zero else "positive"
        raise ValueError(
            f"{name} must be a finite {want} number; got {name}={value!r}"
        )
    return float(value)


def check_int(value: Any, name: str, *, minimum: int = 1) -> int:
    """Check that ``value`` is an integer of at least ``minimum`` and return
    it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {_describe(value)}")
    if value < minimum:
        raise ValueError(
            f"{name} must be an integer >= {minimum}; got {name}={value}"
        )
    return int(value)


def check_choice(value: Any, name: str, choices: tuple[str, ...]) -> str:
    """Check that ``value`` is one of ``choices`` and return it."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(
            f"{name} must be one of {', '.join(map(repr, choices))}; got "
            f"{value!r}"
        )
    return value


def check_fitted(model: Any, attribute: str) -> None:
    """Raise a clear error when ``predict`` is called before ``fit``."""
    if getattr(model, attribute, None) is None:
        # name fit's required arguments: fit(X) for k-means, fit(X, y) for most
        # learners
        try:
            required = [
                p.name
                for p in inspect.signature(model.fit).parameters.values()
                if p.default is p.empty
                and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            ]
            call = f"fit({', '.join(required)})"
        except (AttributeError, TypeError, ValueError):
            call = "fit"
        raise RuntimeError(
            f"{type(model).__name__} is not fitted yet: call {call} before "
            "using it"
        )


@contextlib.contextmanager
def _muted_stderr():
    """Send what C/C++ code writes to file descriptor 2 to /dev/null for a
    while."""
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


def setup_tensorflow(
    seed: int = 42, *, threads: int | None = None, deterministic: bool = True
):
    """Import TensorFlow quietly and seed Python, NumPy and TensorFlow.

    Call it in a chapter's first cell *before* anything imports TensorFlow: it
    turns on oneDNN's fast CPU kernels (``TF_ENABLE_ONEDNN_OPTS=1``, unless the
    environment says otherwise) with the system allocator
    (``TF_ONEDNN_USE_SYSTEM_ALLOCATOR=1``: oneDNN's own pool never returns
    memory, so the copies of the training arrays that ``model.fit`` makes would
    stay resident until the kernel ends), keeps the C++ start-up messages out
    of the book (``TF_CPP_MIN_LOG_LEVEL``, and the standard error stream is
    muted while TensorFlow is imported, since oneDNN announces itself there
    whatever the log level), silences Python-side warnings of TensorFlow, and
    calls ``keras.utils.set_random_seed(seed)`` so that weight initialisation,
    dropout and shuffling are reproducible. With ``deterministic`` (the
    default) it also turns on TensorFlow's op determinism, so that two runs on
    the same machine give the same numbers bit for bit (the build report shows
    this for a sample page).

    Parameters
    ----------
    seed : int
        Seed for Python's ``random``, NumPy's legacy global state and
        TensorFlow.
    threads : int, optional
        Limit TensorFlow's intra- and inter-op thread pools (default: all
        cores, or the environment's ``TF_NUM_INTRAOP_THREADS``, which the
        book's executor sets when it runs several pages at once).

    Returns
    -------
    module
        The ``keras`` module, so that a chapter can write ``keras =
        setup_tensorflow(SEED)``.
    """
    import logging

    check_int(seed, "seed", minimum=0)
    threads = None if threads is None else check_int(threads, "threads")
    deterministic = check_bool(deterministic, "deterministic")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
    os.environ.setdefault("TF_ONEDNN_USE_SYSTEM_ALLOCATOR", "1")
    with _muted_stderr():
        import tensorflow as tf

    tf.get_logger().setLevel(logging.ERROR)
    logging.getLogger("absl").setLevel(logging.ERROR)
    if threads is not None:
        try:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(threads)
        except RuntimeError:  # already initialised: keep the existing pools
            pass
    import keras

    keras.utils.set_random_seed(seed)
    if deterministic:
        tf.config.experimental.enable_op_determinism()
    return keras


def check_pm1(y: Any, name: str = "y") -> np.ndarray:
    """Check that ``y`` is a 1-D array of the labels -1 and +1 (a perceptron's
    targets)."""
    y = check_array(y, name, ndim=1)
    bad = np.setdiff1d(np.unique(y), [-1.0, 1.0])
    if bad.size:
        raise ValueError(
            f"{name} must contain only the labels -1 and +1 (the perceptron's "
            "targets t_i); "
            f"found {bad[:5].tolist()}. Convert 0/1 labels with t = 2 * y - 1."
        )
    return y
