"""Tests of neurocomp.adversarial: the Keras classifier and the fast gradient sign method."""

import numpy as np
import pytest

from neurocomp.utils import setup_tensorflow

keras = setup_tensorflow(0)

from neurocomp.adversarial import build_mlp_classifier, fgsm  # noqa: E402


def _data(n=64, d=12, k=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, d)).astype(np.float32), rng.integers(0, k, size=n)


def _input_gradient(model, x, y):
    """Closed-form input gradient of the cross-entropy for the one-hidden-layer ReLU model."""
    K1, b1, K2, b2 = (w.astype(np.float64) for w in model.get_weights())
    a = x @ K1 + b1
    z = np.maximum(a, 0) @ K2 + b2
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    return (((p - np.eye(K2.shape[1])[y]) @ K2.T) * (a > 0)) @ K1.T


def test_build_mlp_classifier_shapes_and_seed():
    a = build_mlp_classifier(n_inputs=12, n_hidden=5, n_classes=3, seed=1)
    b = build_mlp_classifier(n_inputs=12, n_hidden=5, n_classes=3, seed=1)
    shapes = [w.shape for w in a.get_weights()]
    assert shapes == [(12, 5), (5,), (5, 3), (3,)]
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(wa, wb)
    x, _ = _data()
    np.testing.assert_allclose(a.predict_on_batch(x).sum(1), 1.0, rtol=1e-5)


def test_fgsm_step_is_eps_times_the_sign_of_the_input_gradient():
    x, y = _data()
    model = build_mlp_classifier(n_inputs=12, n_hidden=8, n_classes=3, seed=2)
    model.fit(x, y, epochs=5, verbose=0)
    grad = _input_gradient(model, x.astype(np.float64), y)
    step = fgsm(model, x, y, eps=0.1, clip=None) - x
    clear = np.abs(grad) > 1e-4 * np.abs(grad).max()
    np.testing.assert_allclose(np.abs(step[clear]), 0.1, rtol=1e-5)
    np.testing.assert_array_equal(np.sign(step[clear]), np.sign(grad[clear]))


def test_fgsm_raises_the_loss_and_respects_the_clip_range():
    x, y = _data()
    model = build_mlp_classifier(n_inputs=12, n_hidden=8, n_classes=3, seed=3)
    model.fit(x, y, epochs=5, verbose=0)
    loss = keras.losses.SparseCategoricalCrossentropy()
    x_adv = fgsm(model, x, y, eps=0.05)
    assert float(loss(y, model(x_adv))) > float(loss(y, model(x)))
    assert x_adv.min() >= 0.0 and x_adv.max() <= 1.0
    np.testing.assert_array_equal(fgsm(model, x, y, eps=0.0), x)


def test_fgsm_bad_input():
    x, y = _data()
    model = build_mlp_classifier(n_inputs=12, n_hidden=4, n_classes=3, seed=0)
    with pytest.raises(ValueError, match="eps"):
        fgsm(model, x, y, eps=-0.1)
    with pytest.raises(ValueError, match="integer labels"):
        fgsm(model, x, y.astype(float), eps=0.1)
    with pytest.raises(ValueError, match="integer labels"):
        fgsm(model, x, y[:-1], eps=0.1)
    with pytest.raises(ValueError, match="clip"):
        fgsm(model, x, y, eps=0.1, clip=(1.0, 0.0))
    with pytest.raises(ValueError, match="x must be 2-D"):
        fgsm(model, x[0], y, eps=0.1)


def test_build_mlp_classifier_bad_input():
    with pytest.raises(ValueError, match="n_classes"):
        build_mlp_classifier(n_classes=1)
    with pytest.raises(TypeError, match="n_hidden"):
        build_mlp_classifier(n_hidden=2.5)
    with pytest.raises(ValueError, match="learning_rate"):
        build_mlp_classifier(learning_rate=0.0)


# --- bad-input audit (issue 11): one call per error path ------------------------------------

class _ShapeOnlyModel:
    """Has a Keras model's input and output shapes; calling it means a check came too late."""

    input_shape, output_shape = (None, 12), (None, 3)

    def __call__(self, *args, **kwargs):
        raise AssertionError("the model was called before the arguments were checked")


_XA, _YA = _data(n=6)

BAD_ADVERSARIAL_CALLS = [
    (lambda: fgsm(None, _XA, _YA, 0.1), TypeError, "model must be a keras.Model; got NoneType"),
    (lambda: fgsm("model", _XA, _YA, 0.1), TypeError, "model must be a keras.Model; got str"),
    (lambda: fgsm(_ShapeOnlyModel(), _XA[:, :5], _YA, 0.1), ValueError,
     "x must have 12 columns, the model's inputs; got 5"),
    (lambda: fgsm(_ShapeOnlyModel(), _XA, _YA - 1, 0.1), ValueError,
     r"y must hold class labels 0, \.\.\., K-1 with K = 3, the model's outputs; got "
     "values from -1"),
    (lambda: fgsm(_ShapeOnlyModel(), _XA, _YA + 1, 0.1), ValueError,
     "y must hold class labels .* got values from 1 to 3"),
    (lambda: fgsm(_ShapeOnlyModel(), _XA * np.nan, _YA, 0.1), ValueError,
     "x must contain only finite values"),
    (lambda: fgsm(_ShapeOnlyModel(), _XA, _YA, np.nan), ValueError,
     "eps must be a finite non-negative number; got eps=nan"),
    (lambda: fgsm(_ShapeOnlyModel(), _XA, _YA, "0.1"), TypeError, "eps must be a real number"),
    (lambda: fgsm(_ShapeOnlyModel(), _XA, _YA, 0.1, clip=("a", "b")), TypeError,
     r"clip must be None or a pair of numbers \(low, high\); got \('a', 'b'\)"),
    (lambda: fgsm(_ShapeOnlyModel(), _XA, _YA, 0.1, clip=1.0), TypeError,
     "clip must be None or a pair of numbers"),
    (lambda: fgsm(_ShapeOnlyModel(), _XA, _YA, 0.1, clip=(0, 1, 2)), TypeError,
     "clip must be None or a pair of numbers"),
    (lambda: fgsm(_ShapeOnlyModel(), _XA, _YA, 0.1, clip=(np.nan, 1.0)), ValueError,
     r"clip must be None or a pair \(low, high\) with low < high"),
    (lambda: build_mlp_classifier(n_inputs=0), ValueError,
     "n_inputs must be an integer >= 1; got n_inputs=0"),
    (lambda: build_mlp_classifier(learning_rate=np.nan), ValueError,
     "learning_rate must be a finite positive number"),
    (lambda: build_mlp_classifier(seed=-1), ValueError, "seed must be a non-negative integer"),
]


@pytest.mark.parametrize("call, error, message", BAD_ADVERSARIAL_CALLS)
def test_adversarial_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_fgsm_reads_the_sizes_of_a_real_keras_model():
    model = build_mlp_classifier(n_inputs=12, n_hidden=4, n_classes=3, seed=0)
    with pytest.raises(ValueError, match="x must have 12 columns, the model's inputs; got 11"):
        fgsm(model, _XA[:, :11], _YA, 0.1)
    with pytest.raises(ValueError, match="with K = 3, the model's outputs; got values from 3"):
        fgsm(model, _XA, np.full(6, 3), 0.1)
    clipped = fgsm(model, _XA, _YA, 0.5, clip=(np.float32(0.25), np.float32(0.75)))
    assert clipped.min() >= 0.25 and clipped.max() <= 0.75
