"""Tests of :mod:`neurocomp.utils`: seeding and argument checking."""

import numpy as np
import pytest

from neurocomp.utils import (
    as_generator,
    check_array,
    check_choice,
    check_fitted,
    check_int,
    check_positive,
    check_X_y,
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
