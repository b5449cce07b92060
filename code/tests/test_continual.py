"""Tests of neurocomp.continual: split tasks, rehearsal buffers and tracked training."""

import numpy as np
import pytest

from neurocomp.continual import rehearsal_buffer, split_by_class, train_and_track


def _data(n=200, d=4, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 4, size=n)
    centres = 4.0 * np.eye(4, d)
    return (centres[y] + rng.normal(size=(n, d))).astype(np.float32), y


def test_split_by_class_keeps_exactly_the_requested_labels():
    x, y = _data()
    xs, ys = split_by_class(x, y, [1, 3])
    assert set(np.unique(ys)) == {1, 3}
    assert len(ys) == np.sum((y == 1) | (y == 3))
    np.testing.assert_array_equal(xs, x[(y == 1) | (y == 3)])
    x3, y3 = split_by_class(x, y, 2)
    assert np.all(y3 == 2) and len(x3) == len(y3)


def test_split_by_class_bad_input():
    x, y = _data()
    with pytest.raises(ValueError, match="do not occur"):
        split_by_class(x, y, [7])
    with pytest.raises(ValueError, match="same length"):
        split_by_class(x[:-1], y, [1])
    with pytest.raises(TypeError, match="integer class labels"):
        split_by_class(x, y.astype(float), [1])


def test_rehearsal_buffer_is_balanced_reproducible_and_from_the_data():
    x, y = _data()
    xb, yb = rehearsal_buffer(x, y, per_class=5, seed=1)
    np.testing.assert_array_equal(np.bincount(yb), [5, 5, 5, 5])
    xb2, _ = rehearsal_buffer(x, y, per_class=5, seed=1)
    np.testing.assert_array_equal(xb, xb2)
    rows = {tuple(r) for r in x}
    assert all(tuple(r) in rows for r in xb)
    with pytest.raises(ValueError, match="exceeds"):
        rehearsal_buffer(x, y, per_class=1000)
    with pytest.raises(ValueError, match="per_class"):
        rehearsal_buffer(x, y, per_class=0)


def _model(seed=0):
    from neurocomp.utils import setup_tensorflow

    setup_tensorflow(seed)
    from neurocomp.adversarial import build_mlp_classifier

    return build_mlp_classifier(n_inputs=4, n_hidden=16, n_classes=4, learning_rate=0.01,
                                seed=seed)


def test_train_and_track_learns_and_records():
    x, y = _data()
    model = _model()
    curves = train_and_track(model, x, y, {"all": (x, y)}, n_epochs=3, batch_size=20,
                             eval_every=5, seed=0)
    assert curves["step"][0] == 0 and curves["step"][-1] == 30
    assert len(curves["all"]) == len(curves["step"])
    assert curves["all"][-1] > 0.9 > curves["all"][0]


def test_train_and_track_float64_inputs_give_the_float32_result():
    x, y = _data(n=60)
    curves = []
    for xs in (x, x.astype(np.float64)):  # float64 is converted to float32 once, not per batch
        model = _model(2)
        curves.append(train_and_track(model, xs, y, {"all": (xs, y)}, batch_size=20,
                                      eval_every=1, seed=0, replay=(xs[:8], y[:8]),
                                      replay_size=4))
        curves[-1]["weights"] = model.get_weights()
    for key in ("step", "all"):
        np.testing.assert_array_equal(curves[0][key], curves[1][key])
    for w32, w64 in zip(curves[0]["weights"], curves[1]["weights"]):
        np.testing.assert_array_equal(w32, w64)


def test_rehearsal_reduces_forgetting():
    x, y = _data(n=400)
    xa, ya = split_by_class(x, y, [0, 1])
    xb, yb = split_by_class(x, y, [2, 3])
    tests = {"A": (xa, ya)}
    model = _model(1)
    train_and_track(model, xa, ya, tests, n_epochs=3, batch_size=20, seed=0)
    start = model.get_weights()
    plain = train_and_track(model, xb, yb, tests, n_epochs=10, batch_size=20, seed=0)
    model.set_weights(start)
    buffer = rehearsal_buffer(xa, ya, per_class=10, seed=0)
    replay = train_and_track(model, xb, yb, tests, n_epochs=10, batch_size=20, seed=0,
                             replay=buffer, replay_size=10)
    assert plain["A"][-1] < 0.8
    assert replay["A"][-1] > plain["A"][-1] + 0.15


def test_train_and_track_bad_input():
    x, y = _data(n=20)
    model = _model()
    with pytest.raises(TypeError, match="eval_sets"):
        train_and_track(model, x, y, {})
    with pytest.raises(ValueError, match="same number of samples"):
        train_and_track(model, x, y[:-1], {"a": (x, y)})
    with pytest.raises(ValueError, match="eval_every"):
        train_and_track(model, x, y, {"a": (x, y)}, eval_every=0)
    with pytest.raises(TypeError, match="integer class labels"):
        train_and_track(model, x, y.astype(float), {"a": (x, y)})


# --- bad-input audit (issue 11): one call per error path ------------------------------------

class _UnusedModel:
    """Stands in for a Keras model: any use of it means a check came too late."""

    def predict_on_batch(self, x):
        raise AssertionError("the model was used before the arguments were checked")

    train_on_batch = predict_on_batch


_XC, _YC = _data(n=20, d=3)
_EVAL = {"a": (_XC, _YC)}

BAD_CONTINUAL_CALLS = [
    (lambda: split_by_class(3.0, _YC, [1]), TypeError,
     r"x must be an array of numbers with one sample per row; got shape \(\)"),
    (lambda: split_by_class(_XC * np.nan, _YC, [1]), ValueError,
     "x must contain only finite values"),
    (lambda: split_by_class([[1], [2, 3], [4]], [0, 1, 2], [1]), TypeError,
     "x must be array-like with numeric entries"),
    (lambda: split_by_class(_XC, _YC - 1, [0]), ValueError,
     "y must hold non-negative class labels; found -1"),
    (lambda: split_by_class(_XC, _YC, [-1]), ValueError,
     "classes must hold non-negative class labels"),
    (lambda: rehearsal_buffer(_XC[:5], _YC, 1), ValueError,
     "x and y must have the same length; got 5 and 20"),
    (lambda: rehearsal_buffer(np.ones((30, 3)), _YC, 1), ValueError,
     "x and y must have the same length; got 30 and 20"),
    (lambda: rehearsal_buffer(_XC, _YC, 1, seed=-1), ValueError, "seed must be a non-negative"),
    (lambda: train_and_track(None, _XC, _YC, _EVAL), TypeError,
     "model must be a compiled keras.Model .*; got NoneType"),
    (lambda: train_and_track(_UnusedModel(), _XC, _YC - 1, _EVAL), ValueError,
     "y must hold non-negative class labels"),
    (lambda: train_and_track(_UnusedModel(), _XC, _YC[:5], _EVAL), ValueError,
     "x and y must have the same number of samples; got x with 20 rows and y with 5"),
    (lambda: train_and_track(_UnusedModel(), _XC[:, :, None], _YC, _EVAL), ValueError,
     "x must be 2-D"),
    (lambda: train_and_track(_UnusedModel(), _XC, _YC, {"a": _XC}), TypeError,
     r"eval_sets\['a'\] must be a pair \(x, y\) of inputs and labels; got ndarray"),
    (lambda: train_and_track(_UnusedModel(), _XC, _YC, {"a": (_XC, _YC[:3])}), ValueError,
     r"eval_sets\['a'\]\[0\] and eval_sets\['a'\]\[1\] must have the same number of samples"),
    (lambda: train_and_track(_UnusedModel(), _XC, _YC, {"a": (_XC[:, :2], _YC)}), ValueError,
     r"eval_sets\['a'\]\[0\] must have 3 columns like the training inputs x; got 2"),
    (lambda: train_and_track(_UnusedModel(), _XC, _YC, {"a": (_XC, _YC + 0.5)}), TypeError,
     r"eval_sets\['a'\]\[1\] must hold integer class labels"),
    (lambda: train_and_track(_UnusedModel(), _XC, _YC, {"a": (_XC * np.nan, _YC)}), ValueError,
     r"eval_sets\['a'\]\[0\] must contain only finite values"),
    (lambda: train_and_track(_UnusedModel(), _XC, _YC, _EVAL, replay=_XC), TypeError,
     r"replay must be a pair \(x, y\) of inputs and labels; got ndarray"),
    (lambda: train_and_track(_UnusedModel(), _XC, _YC, _EVAL, replay=(_XC[:, :2], _YC)),
     ValueError, r"replay\[0\] must have 3 columns like the training inputs x; got 2"),
    (lambda: train_and_track(_UnusedModel(), _XC, _YC, _EVAL, replay=(_XC, _YC + 0.5)),
     TypeError, r"replay\[1\] must hold integer class labels"),
    (lambda: train_and_track(_UnusedModel(), _XC, _YC, _EVAL, replay_size=0), ValueError,
     "replay_size must be an integer >= 1; got replay_size=0"),
    (lambda: train_and_track(_UnusedModel(), _XC, _YC, _EVAL, seed="x"), TypeError,
     "seed must be an int"),
]


@pytest.mark.parametrize("call, error, message", BAD_CONTINUAL_CALLS)
def test_continual_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
