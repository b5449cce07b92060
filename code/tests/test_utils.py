"""Tests of :mod:`neurocomp.utils`: seeding and argument checking."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import neurocomp.utils
from neurocomp.utils import (
    as_generator,
    check_array,
    check_bool,
    check_choice,
    check_features,
    check_fitted,
    check_int,
    check_labels,
    check_positive,
    check_seed,
    check_X_y,
    setup_tensorflow,
)


def test_same_seed_same_numbers():
    assert as_generator(3).random() == as_generator(3).random()
    rng = np.random.default_rng(0)
    assert as_generator(rng) is rng
    assert isinstance(as_generator(None), np.random.Generator)


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (1.5, TypeError), ("a", TypeError), (True, TypeError)])
def test_bad_seeds(seed, error):
    with pytest.raises(error, match="seed"):
        as_generator(seed)


def test_check_array_dimensions_and_values():
    assert check_array([[1, 2]], "X", ndim=2).dtype == float
    with pytest.raises(ValueError, match=r"X must be 2-D; got an array of shape \(3,\)"):
        check_array([1, 2, 3], "X", ndim=2)
    with pytest.raises(ValueError, match="X must contain only finite values; found 1 NaN"):
        check_array([1.0, np.nan], "X")
    with pytest.raises(TypeError, match="X must be array-like"):
        check_array(["a", "b"], "X")
    with pytest.raises(ValueError, match="at least 2 samples"):
        check_array([[1.0]], "X", min_samples=2)


def test_check_X_y_lengths():
    X, y = check_X_y([[1.0], [2.0]], [0, 1])
    assert X.shape == (2, 1) and y.shape == (2,)
    with pytest.raises(ValueError, match="same number of samples; got X with 2 rows and y with 3"):
        check_X_y([[1.0], [2.0]], [0, 1, 2])


def test_scalar_checks():
    assert check_positive(0.5, "learning_rate") == 0.5
    assert check_positive(0, "alpha", allow_zero=True) == 0.0
    with pytest.raises(ValueError, match="learning_rate must be a finite positive number; got learning_rate=-0.1"):
        check_positive(-0.1, "learning_rate")
    with pytest.raises(TypeError, match="learning_rate must be a real number"):
        check_positive("fast", "learning_rate")
    assert check_int(3, "k") == 3
    with pytest.raises(ValueError, match="k must be an integer >= 2; got k=1"):
        check_int(1, "k", minimum=2)
    with pytest.raises(TypeError, match="k must be an integer"):
        check_int(2.0, "k")
    assert check_choice("l2", "penalty", ("l1", "l2")) == "l2"
    with pytest.raises(ValueError, match="penalty must be one of 'l1', 'l2'; got 'l3'"):
        check_choice("l3", "penalty", ("l1", "l2"))


def test_check_fitted():
    class Model:
        W = None

    with pytest.raises(RuntimeError, match="Model is not fitted yet"):
        check_fitted(Model(), "W")


class _Clusterer:
    """A learner whose fit takes only X (like KMeans)."""

    centers_ = None

    def fit(self, X, *, verbose=False):
        return self


BAD_UTILS_CALLS = [
    (lambda: check_X_y(np.zeros((3, 1)), [0, 1], names=("A", "t")), ValueError,
     "A and t must have the same number of samples; got A with 3 rows and t with 2"),
    (lambda: check_X_y(np.zeros((3, 1)), [[0]], names=("A", "t")), ValueError, "t must be 1-D"),
    (lambda: check_features(np.zeros((2, 3)), 2, "centers"), ValueError,
     "centers must have 2 features like the training data; got centers with 3"),
    (lambda: check_features(np.zeros(2), 2), ValueError, "X must be 2-D"),
    (lambda: check_labels([0.5, 1.0], "t"), ValueError,
     "t must hold non-negative integer class labels"),
    (lambda: check_labels(["a", "b"], "t"), ValueError, "t must hold non-negative integer"),
    (lambda: check_labels([True, False]), ValueError, "y must hold non-negative integer"),
    (lambda: check_labels([-1, 0]), ValueError, "y must hold non-negative class labels; found -1"),
    (lambda: check_labels([]), ValueError, "y needs at least 1 samples"),
    (lambda: check_labels([[0, 1]]), ValueError, "y must be 1-D"),
    (lambda: check_labels([0.0, np.nan]), ValueError, "y must contain only finite values"),
    (lambda: check_bool("no", "shuffle"), TypeError, "shuffle must be True or False; got 'no'"),
    (lambda: check_bool(1, "shuffle"), TypeError, "shuffle must be True or False; got 1"),
    (lambda: check_bool(None, "verify"), TypeError, "verify must be True or False"),
    (lambda: check_choice(np.array(["l1"]), "penalty", ("l1", "l2")), ValueError,
     "penalty must be one of 'l1', 'l2'; got array"),
    (lambda: check_choice(None, "penalty", ("l1", "l2")), ValueError,
     "penalty must be one of 'l1', 'l2'; got None"),
    (lambda: check_seed("1"), TypeError, "seed must be an int, a numpy.random.Generator or None"),
    (lambda: check_seed(True), TypeError, "seed must be an int"),
    (lambda: check_seed(2.0), TypeError, "seed must be an int"),
    (lambda: check_seed(-1), ValueError, "seed must be a non-negative integer; got seed=-1"),
    (lambda: check_fitted(_Clusterer(), "centers_"), RuntimeError,
     r"_Clusterer is not fitted yet: call fit\(X\) before using it"),
    (lambda: setup_tensorflow(1, deterministic="yes"), TypeError,
     "deterministic must be True or False"),
    (lambda: setup_tensorflow(1, threads=0), ValueError, "threads must be an integer >= 1"),
    (lambda: setup_tensorflow(1, threads=2.0), TypeError, "threads must be an integer"),
]


@pytest.mark.parametrize("call, error, message", BAD_UTILS_CALLS)
def test_helpers_reject_bad_input(call, error, message, monkeypatch):
    def no_import():  # setup_tensorflow must fail before it imports TensorFlow
        raise AssertionError("TensorFlow was imported before the arguments were checked")

    monkeypatch.setattr(neurocomp.utils, "_muted_stderr", no_import)
    with pytest.raises(error, match=message):
        call()


def test_helpers_accept_good_input():
    X, t = check_X_y([[1.0], [2.0]], [0, 1], names=("A", "t"))
    assert X.shape == (2, 1) and t.dtype == float
    assert check_features([[1.0, 2.0]], 2).shape == (1, 2)
    labels = check_labels([0.0, 2.0, 1.0])
    assert labels.dtype.kind == "i" and labels.tolist() == [0, 2, 1]
    assert check_bool(np.bool_(True), "shuffle") is True
    assert check_bool(False, "shuffle") is False
    rng = np.random.default_rng(0)
    assert check_seed(None) is None and check_seed(rng) is rng and check_seed(np.int64(3)) == 3


_RELEASE_SCRIPT = """
import numpy as np
from neurocomp.utils import setup_tensorflow

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

setup_tensorflow(0)
import tensorflow as tf
x = np.ones((50_000, 1_000), np.float32)          # 191 MiB
before = rss_mb()
y = tf.data.Dataset.from_tensors(x).get_single_element()  # TensorFlow's own copies
assert float(y[0, 0]) == 1.0
del y
print(rss_mb() - before)
"""


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc")
def test_setup_tensorflow_lets_tensorflow_return_freed_memory():
    # oneDNN's pooling allocator keeps every byte TensorFlow ever held; with the system
    # allocator that setup_tensorflow selects, freed tensors leave the process
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_ONEDNN")}
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    out = subprocess.run([sys.executable, "-c", _RELEASE_SCRIPT], env=env, check=True,
                         capture_output=True, text=True).stdout
    kept = float(out.split()[-1])
    assert kept < 50, f"{kept:.0f} MiB of freed tensors still resident"
