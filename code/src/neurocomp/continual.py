"""Continual learning: split tasks, catastrophic forgetting and rehearsal.

A network trained on one task and then on a second one, with no access to the
first task's data, forgets the first task ("catastrophic interference",
McCloskey and Cohen, 1989). Rehearsal keeps a small buffer of old examples and
mixes a few of them into every batch of the new task (Robins, 1995). The
training helper works with any compiled Keras model and records the accuracy on
several test sets while it trains.

Chapter *Limits of deep learning* (Part IV).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .utils import SeedLike, as_generator, check_array, check_int

__all__ = ["split_by_class", "rehearsal_buffer", "train_and_track"]


def _labels(y: Any, name: str = "y") -> np.ndarray:
    y = check_array(y, name, ndim=1, dtype=None, min_samples=1)
    if y.dtype.kind not in "iu":
        raise TypeError(
            f"{name} must hold integer class labels; got dtype {y.dtype}"
        )
    if np.any(y < 0):
        raise ValueError(
            f"{name} must hold non-negative class labels; found {y.min()}"
        )
    return y


def _samples(x: Any, n: int, name: str = "x", y_name: str = "y") -> np.ndarray:
    """Samples along the first axis of x (any further shape), one per label of
    y."""
    x = check_array(x, name, dtype=None)
    if x.ndim == 0 or x.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must be an array of numbers with one sample per row; got "
            f"shape {x.shape} and dtype {x.dtype}"
        )
    if x.shape[0] != n:
        raise ValueError(
            f"{name} and {y_name} must have the same length; got {x.shape[0]} "
            f"and {n}"
        )
    return x


def _check_data(
    x: Any, y: Any, names: tuple[str, str], n_features: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Inputs x of shape (N, D) as float32 (what the Keras model computes in; a
    float32 array is used as it is, not copied) and N integer labels y."""
    x_name, y_name = names
    x = check_array(x, x_name, ndim=2, dtype=np.float32, min_samples=1)
    y = _labels(y, y_name)
    if x.shape[0] != y.shape[0]:
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of samples; got "
            f"{x_name} with {x.shape[0]} rows and {y_name} with {y.shape[0]}"
        )
    if n_features is not None and x.shape[1] != n_features:
        raise ValueError(
            f"{x_name} must have {n_features} columns like the training "
            "inputs "
            f"x; got {x.shape[1]}"
        )
    return x, y


def _check_pair(
    pair: Any, name: str, n_features: int
) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        raise TypeError(
            f"{name} must be a pair (x, y) of inputs and labels; got "
            f"{type(pair).__name__}"
        )
    return _check_data(*pair, (f"{name}[0]", f"{name}[1]"), n_features)


def _check_tracking(
    model: Any, eval_sets: Any, n_features: int
) -> dict[str, tuple]:
    """Check the model and the test sets of train_and_track; return the checked
    sets."""
    if not all(
        hasattr(model, m) for m in ("train_on_batch", "predict_on_batch")
    ):
        raise TypeError(
            "model must be a compiled keras.Model (with train_on_batch and "
            f"predict_on_batch); got {type(model).__name__}"
        )
    if not isinstance(eval_sets, dict) or not eval_sets:
        raise TypeError(
            f"eval_sets must be a non-empty dict name -> (x, y); got "
            f"{type(eval_sets).__name__} {eval_sets!r:.60}"
        )
    return {
        name: _check_pair(pair, f"eval_sets[{name!r}]", n_features)
        for name, pair in eval_sets.items()
    }


def split_by_class(
    x: Any, y: Any, classes: Any
) -> tuple[np.ndarray, np.ndarray]:
    """The samples of ``x`` (first axis) whose label in ``y`` is one of
    ``classes``.

    Split MNIST uses it to make task A (digits 0-4) and task B (digits 5-9).
    Labels are kept as they are (a single output layer for all ten digits).
    Chapter *Limits of deep learning*.
    """
    y = _labels(y)
    x = _samples(x, y.shape[0])
    classes = _labels(np.atleast_1d(classes), "classes")
    missing = np.setdiff1d(classes, y)
    if missing.size:
        raise ValueError(f"classes {missing.tolist()} do not occur in y")
    keep = np.isin(y, classes)
    return x[keep], y[keep]


def rehearsal_buffer(
    x: Any, y: Any, per_class: int, seed: SeedLike = None
) -> tuple[np.ndarray, np.ndarray]:
    """A class-balanced random sample: ``per_class`` examples of every label in
    ``y``.

    This is the small memory of old examples that rehearsal replays while a new
    task is learned. Chapter *Limits of deep learning*.
    """
    y = _labels(y)
    x = _samples(x, y.shape[0])
    per_class = check_int(per_class, "per_class")
    rng = as_generator(seed)
    chosen = []
    for label in np.unique(y):
        where = np.flatnonzero(y == label)
        if where.size < per_class:
            raise ValueError(
                f"per_class={per_class} exceeds the {where.size} examples of "
                f"class {label}"
            )
        chosen.append(rng.choice(where, size=per_class, replace=False))
    index = rng.permutation(np.concatenate(chosen))
    return x[index], y[index]


def train_and_track(
    model: Any,
    x: Any,
    y: Any,
    eval_sets: dict[str, tuple[Any, Any]],
    *,
    n_epochs: int = 1,
    batch_size: int = 64,
    eval_every: int = 10,
    replay: tuple[Any, Any] | None = None,
    replay_size: int = 16,
    seed: SeedLike = None,
) -> dict[str, np.ndarray]:
    """Train ``model`` batch by batch and record its accuracy on ``eval_sets``.

    Parameters
    ----------
    model : keras.Model
        A compiled classifier whose output is a probability per class.
    x, y : array_like
        Training inputs of shape (N, D) and integer labels of shape (N,).
    eval_sets : dict of name -> (x, y)
        Test sets; the accuracy on each is recorded every ``eval_every`` steps.
    n_epochs, batch_size, eval_every : int
        Passes through (x, y), samples per step, steps between two records.
    replay : (x, y) or None
        A rehearsal buffer; if given, ``replay_size`` of its examples, drawn at
        random, are appended to every batch.
    replay_size : int
        Replayed examples per batch.
    seed : int, numpy.random.Generator or None
        Order of the samples and choice of the replayed examples.

    Returns
    -------
    dict of numpy.ndarray
        ``step`` (number of gradient steps taken) and one accuracy curve per
        name of ``eval_sets``. Chapter *Limits of deep learning*.
    """
    x, y = _check_data(x, y, ("x", "y"))
    eval_sets = _check_tracking(model, eval_sets, x.shape[1])
    n_epochs, batch_size = (
        check_int(n_epochs, "n_epochs"),
        check_int(batch_size, "batch_size"),
    )
    eval_every = check_int(eval_every, "eval_every")
    replay_size = check_int(replay_size, "replay_size")
    if replay is not None:
        x_old, y_old = _check_pair(replay, "replay", x.shape[1])
    rng = as_generator(seed)
    record: dict[str, list] = {"step": [], **{name: [] for name in eval_sets}}

    def evaluate(step: int) -> None:
        record["step"].append(step)
        for name, (xe, ye) in eval_sets.items():
            p = np.asarray(model.predict_on_batch(xe))
            record[name].append(
                float(np.mean(np.argmax(p, axis=1) == np.asarray(ye)))
            )

    step = 0
    for _ in range(n_epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            if step % eval_every == 0:
                evaluate(step)
            batch = order[start : start + batch_size]
            xb, yb = x[batch], y[batch]
            if replay is not None:
                old = rng.integers(0, len(x_old), size=replay_size)
                xb, yb = (
                    np.concatenate([xb, x_old[old]]),
                    np.concatenate([yb, y_old[old]]),
                )
            model.train_on_batch(xb, yb)
            step += 1
    evaluate(step)
    return {key: np.asarray(value) for key, value in record.items()}
