"""Tests of neurocomp.linear against exact solutions and scikit-learn as an oracle."""

import numpy as np
import pytest
from sklearn import linear_model as sk

from neurocomp.linear import (
    ElasticNet,
    Lasso,
    LinearRegression,
    LMSRegressor,
    Ridge,
    coordinate_descent,
    least_squares,
    polynomial_features,
)
from neurocomp.optim import numerical_gradient


def _data(n=80, d=4, seed=0, noise=0.1):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w_true = np.arange(1.0, d + 1) * np.array([1, -1] * (d // 2) + [1] * (d % 2))
    y = X @ w_true + 0.7 + noise * rng.normal(size=n)
    return X, y, w_true


def test_linear_regression_recovers_noise_free_parameters():
    X, y, w_true = _data(noise=0.0)
    model = LinearRegression().fit(X, y)
    np.testing.assert_allclose(model.w, w_true, atol=1e-10)
    assert model.b == pytest.approx(0.7, abs=1e-10)


def test_linear_regression_equals_lstsq_and_residual_is_orthogonal():
    X, y, _ = _data()
    model = LinearRegression().fit(X, y)
    X_tilde = np.column_stack([X, np.ones(len(X))])
    ref = np.linalg.lstsq(X_tilde, y, rcond=None)[0]
    np.testing.assert_allclose(np.append(model.w, model.b), ref, rtol=1e-10)
    np.testing.assert_allclose(X_tilde.T @ (y - model.predict(X)), 0.0, atol=1e-9)


def test_linear_regression_multi_output_and_singular_design():
    X, y, _ = _data()
    Y = np.column_stack([y, 2 * y])
    model = LinearRegression().fit(X, Y)
    assert model.w.shape == (4, 2) and model.predict(X).shape == (80, 2)
    np.testing.assert_allclose(model.w[:, 1], 2 * model.w[:, 0])
    X_dup = np.column_stack([X[:, 0], X[:, 0]])  # two identical columns
    dup = LinearRegression().fit(X_dup, y)
    np.testing.assert_allclose(dup.w[0], dup.w[1], atol=1e-8)  # minimum-norm split


def test_lms_converges_to_normal_equations():
    X, y, _ = _data(n=200)
    exact = LinearRegression().fit(X, y)
    lms = LMSRegressor(learning_rate=0.002, n_epochs=200, seed=0).fit(X, y)
    np.testing.assert_allclose(lms.w, exact.w, atol=5e-3)
    assert lms.b == pytest.approx(exact.b, abs=5e-3)
    assert lms.loss_history.shape == (201,)
    assert lms.loss_history[-1] < 1e-2 * lms.loss_history[0]


def test_lms_single_update_is_the_delta_rule():
    X = np.array([[2.0, -1.0]])
    y = np.array([3.0])
    lms = LMSRegressor(learning_rate=0.1, n_epochs=1, seed=0).fit(X, y)
    # from w = 0, b = 0: the error is 3, so w = 0.1 * 3 * x and b = 0.1 * 3
    np.testing.assert_allclose(lms.w, [0.6, -0.3])
    assert lms.b == pytest.approx(0.3)


def test_lms_is_deterministic_and_detects_divergence():
    X, y, _ = _data()
    a = LMSRegressor(0.01, 5, seed=3).fit(X, y)
    b = LMSRegressor(0.01, 5, seed=3).fit(X, y)
    np.testing.assert_array_equal(a.w, b.w)
    with pytest.raises(FloatingPointError, match="learning_rate"):
        with np.errstate(over="ignore", invalid="ignore"):
            LMSRegressor(learning_rate=5.0, n_epochs=200, seed=0).fit(X * 100, y)


def test_ridge_closed_form_matches_sklearn_and_gradient():
    X, y, _ = _data()
    lam = 3.0
    model = Ridge(lam).fit(X, y)
    ref = sk.Ridge(alpha=lam).fit(X, y)
    np.testing.assert_allclose(model.w, ref.coef_, rtol=1e-10)
    assert model.b == pytest.approx(ref.intercept_, rel=1e-10)

    def loss(p):
        r = y - X @ p[:-1] - p[-1]
        return 0.5 * r @ r + 0.5 * lam * p[:-1] @ p[:-1]

    grad = numerical_gradient(loss, np.append(model.w, model.b))
    np.testing.assert_allclose(grad, 0.0, atol=1e-5)


def test_ridge_zero_penalty_is_least_squares_and_large_penalty_shrinks():
    X, y, _ = _data()
    np.testing.assert_allclose(Ridge(0.0).fit(X, y).w, LinearRegression().fit(X, y).w)
    norms = [np.linalg.norm(Ridge(lam).fit(X, y).w) for lam in (0.1, 10.0, 1000.0)]
    assert norms[0] > norms[1] > norms[2]
    assert Ridge(1.0).fit(X, np.column_stack([y, y])).w.shape == (4, 2)


def test_lasso_matches_sklearn_and_gives_exact_zeros():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(100, 8))
    y = X[:, 0] * 3 - X[:, 3] * 2 + 0.5 * rng.normal(size=100)
    lam = 20.0
    model = Lasso(lam).fit(X, y)
    ref = sk.Lasso(alpha=lam / len(y), tol=1e-12, max_iter=100000).fit(X, y)
    np.testing.assert_allclose(model.w, ref.coef_, atol=1e-7)
    assert model.b == pytest.approx(ref.intercept_, abs=1e-7)
    assert np.sum(model.w == 0.0) >= 4  # exact zeros, not small numbers
    assert model.w[0] != 0.0 and model.w[3] != 0.0


def test_lasso_satisfies_the_optimality_conditions():
    X, y, _ = _data(n=60, d=6, seed=2, noise=1.0)
    lam = 15.0
    model = Lasso(lam).fit(X, y)
    Xc, tc = X - X.mean(0), y - y.mean()
    corr = Xc.T @ (tc - Xc @ model.w)  # must equal lam*sign(w) or lie in [-lam, lam]
    active = model.w != 0
    np.testing.assert_allclose(corr[active], lam * np.sign(model.w[active]), atol=1e-6)
    assert np.all(np.abs(corr[~active]) <= lam + 1e-9)


def test_lasso_large_penalty_is_all_zero():
    X, y, _ = _data()
    lam_max = np.max(np.abs((X - X.mean(0)).T @ (y - y.mean())))
    model = Lasso(1.0001 * lam_max).fit(X, y)
    np.testing.assert_array_equal(model.w, 0.0)
    assert model.b == pytest.approx(y.mean())


def test_elastic_net_matches_sklearn_and_its_limits():
    X, y, _ = _data(n=90, d=5, seed=4, noise=0.5)
    lam, alpha = 30.0, 0.4
    model = ElasticNet(lam, l1_ratio=alpha).fit(X, y)
    ref = sk.ElasticNet(alpha=lam / len(y), l1_ratio=alpha, tol=1e-12, max_iter=100000).fit(X, y)
    np.testing.assert_allclose(model.w, ref.coef_, atol=1e-7)
    ridge_like = ElasticNet(lam, l1_ratio=0.0).fit(X, y)
    np.testing.assert_allclose(ridge_like.w, Ridge(lam).fit(X, y).w, atol=1e-7)
    lasso_like = ElasticNet(lam, l1_ratio=1.0).fit(X, y)
    np.testing.assert_allclose(lasso_like.w, Lasso(lam).fit(X, y).w, atol=1e-12)


def test_coordinate_descent_skips_constant_columns_and_reports_sweeps():
    X = np.column_stack([np.linspace(-1, 1, 20), np.zeros(20)])
    t = 2 * X[:, 0]
    w, sweeps = coordinate_descent(X, t, lam=0.0, max_iter=50)
    np.testing.assert_allclose(w, [2.0, 0.0])
    assert 1 <= sweeps <= 50


def test_polynomial_features_exact():
    x = np.array([1.0, 2.0, -1.0])
    np.testing.assert_array_equal(polynomial_features(x, 3), np.column_stack([x, x**2, x**3]))
    X = np.array([[2.0, 3.0]])
    np.testing.assert_array_equal(polynomial_features(X, 2), [[2.0, 3.0, 4.0, 6.0, 9.0]])


def test_polynomial_regression_recovers_a_cubic():
    x = np.linspace(-1, 1, 30)
    y = 1.0 - 2.0 * x + 0.5 * x**3
    model = LinearRegression().fit(polynomial_features(x, 3), y)
    np.testing.assert_allclose(model.w, [-2.0, 0.0, 0.5], atol=1e-10)
    assert model.b == pytest.approx(1.0)


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: Ridge(-1.0), "lam"),
        (lambda: Lasso(-0.5), "lam"),
        (lambda: ElasticNet(1.0, l1_ratio=1.5), "l1_ratio"),
        (lambda: ElasticNet(1.0, max_iter=0), "max_iter"),
        (lambda: ElasticNet(1.0, tol=0.0), "tol"),
        (lambda: LMSRegressor(learning_rate=0.0), "learning_rate"),
        (lambda: LMSRegressor(n_epochs=0), "n_epochs"),
    ],
)
def test_constructors_reject_bad_hyper_parameters(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_fit_and_predict_reject_bad_input():
    X, y, _ = _data()
    with pytest.raises(ValueError, match="same number of samples"):
        LinearRegression().fit(X, y[:-1])
    with pytest.raises(ValueError, match="X must be 2-D"):
        Ridge().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="y must be 1-D"):
        Lasso().fit(X, np.column_stack([y, y]))
    with pytest.raises(ValueError, match="finite"):
        LinearRegression().fit(np.full_like(X, np.nan), y)
    with pytest.raises(RuntimeError, match="not fitted"):
        Ridge().predict(X)
    with pytest.raises(ValueError, match="4 features"):
        LinearRegression().fit(X, y).predict(X[:, :2])
    with pytest.raises(TypeError, match="seed"):
        LMSRegressor(seed="zero").fit(X, y)
    with pytest.raises(ValueError, match="degree"):
        polynomial_features(X, 0)


def test_scalar_shrink_equals_soft_threshold():
    from neurocomp.linear import _shrink
    from neurocomp.optim import soft_threshold

    for rho in (-3.0, -1.0, -0.2, 0.0, 0.5, 1.0, 4.0):
        assert _shrink(rho, 1.0) == float(soft_threshold(rho, 1.0))


def test_nearly_collinear_designs_give_the_minimum_norm_solution():
    # two inputs equal up to 1e-9: the Gram matrix is invertible in floating point, but
    # solving it directly loses every digit; the answer must be lstsq's minimum-norm one
    rng = np.random.default_rng(3)
    x = rng.normal(size=200)
    X = np.column_stack([x, x + 1e-9 * rng.normal(size=200), rng.normal(size=200)])
    t = 2 * x + X[:, 2] + 0.1 * rng.normal(size=200)
    expected = np.linalg.lstsq(np.column_stack([X, np.ones(200)]), t, rcond=None)[0]
    model = LinearRegression().fit(X, t)
    np.testing.assert_allclose(np.r_[model.w, model.b], expected, atol=1e-6)
    ridge0 = Ridge(lam=0.0).fit(X, t)
    np.testing.assert_allclose(ridge0.w, expected[:3], rtol=1e-6)
    # exactly collinear (x and 3x): np.linalg.solve does not raise in floating point, but the
    # minimum-norm answer splits the weight 1 : 3 between the two columns
    X = np.column_stack([x, 3 * x])
    model = LinearRegression().fit(X, 2 * x + 1)
    np.testing.assert_allclose(model.w, [0.2, 0.6], atol=1e-8)
    assert model.b == pytest.approx(1.0)


def test_least_squares_uses_the_normal_equations_when_they_are_safe():
    from neurocomp.linear import least_squares

    rng = np.random.default_rng(0)
    A, t = rng.normal(size=(50, 4)), rng.normal(size=50)
    np.testing.assert_allclose(least_squares(A, t), np.linalg.lstsq(A, t, rcond=None)[0],
                               rtol=1e-10)
    A[:, 3] = A[:, 2]  # exactly collinear: the two equal columns share the weight
    w = least_squares(A, t)
    assert w[2] == pytest.approx(w[3])


_XL = np.arange(12.0).reshape(6, 2) ** 1.5
_TL = np.array([1.0, 0.0, 2.0, 1.0, 3.0, 2.0])

BAD_LINEAR_CALLS = [
    (lambda: coordinate_descent(_XL, _TL, -1.0), ValueError,
     "lam must be a finite non-negative number; got lam=-1.0"),
    (lambda: coordinate_descent(_XL, _TL, np.nan), ValueError, "lam must be a finite"),
    (lambda: coordinate_descent(_XL, _TL, "1"), TypeError, "lam must be a real number"),
    (lambda: coordinate_descent(_XL, _TL, 1.0, l1_ratio=2.0), ValueError,
     r"l1_ratio must be in \[0, 1\]; got l1_ratio=2.0"),
    (lambda: coordinate_descent(_XL, _TL, 1.0, l1_ratio=-0.5), ValueError,
     "l1_ratio must be a finite non-negative number"),
    (lambda: coordinate_descent(_XL, _TL, 1.0, max_iter=0), ValueError,
     "max_iter must be an integer >= 1; got max_iter=0"),
    (lambda: coordinate_descent(_XL, _TL, 1.0, max_iter=10.0), TypeError,
     "max_iter must be an integer"),
    (lambda: coordinate_descent(_XL, _TL, 1.0, tol=np.nan), ValueError,
     "tol must be a finite positive number"),
    (lambda: coordinate_descent(_XL, _TL, 1.0, tol=-1e-8), ValueError,
     "tol must be a finite positive number"),
    (lambda: coordinate_descent(_XL, _TL[:3], 1.0), ValueError,
     "X and t must have the same number of samples; got X with 6 rows and t with 3"),
    (lambda: coordinate_descent(_XL * np.nan, _TL, 1.0), ValueError,
     "X must contain only finite values"),
    (lambda: coordinate_descent(_XL[:, 0], _TL, 1.0), ValueError, "X must be 2-D"),
    (lambda: coordinate_descent(_XL, _TL[:, None], 1.0), ValueError, "t must be 1-D"),
    (lambda: least_squares(_XL, _TL[:3]), ValueError,
     "A and t must have the same number of samples; got A with 6 rows and t with 3"),
    (lambda: least_squares(_XL[:, 0], _TL), ValueError, "A must be 2-D"),
    (lambda: least_squares(_XL, np.full(6, np.inf)), ValueError,
     "t must contain only finite values"),
    (lambda: polynomial_features(np.zeros((3, 0)), 2), ValueError,
     r"X must have at least one feature \(column\); got shape \(3, 0\)"),
    (lambda: polynomial_features(np.zeros((3, 1)), 2.0), TypeError, "degree must be an integer"),
    (lambda: Ridge().fit(_XL, np.zeros((6, 0))), ValueError,
     r"y must have at least one target column; got shape \(6, 0\)"),
    (lambda: LinearRegression().fit(_XL, np.zeros((6, 0))), ValueError,
     "y must have at least one target column"),
    (lambda: ElasticNet(max_iter=0), ValueError, "max_iter must be an integer >= 1"),
    (lambda: ElasticNet(l1_ratio=1.5), ValueError, r"l1_ratio must be in \[0, 1\]"),
    (lambda: Lasso(tol=0.0), ValueError, "tol must be a finite positive number"),
    (lambda: LMSRegressor(seed="0"), TypeError, "seed must be an int"),
    (lambda: LinearRegression().fit(_XL, _TL).predict(np.zeros((1, 3))), ValueError,
     "X must have 2 features like the training data; got X with 3"),
]


@pytest.mark.parametrize("call, error, message", BAD_LINEAR_CALLS)
def test_linear_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_coordinate_descent_checks_keep_results():
    Xc, tc = _XL - _XL.mean(axis=0), _TL - _TL.mean()
    w, n_sweeps = coordinate_descent(Xc, tc, 0.0, l1_ratio=1.0, max_iter=10000, tol=1e-12)
    np.testing.assert_allclose(w, np.linalg.lstsq(Xc, tc, rcond=None)[0], atol=1e-6)
    w_int, _ = coordinate_descent(Xc.tolist(), tc.tolist(), 1, l1_ratio=1, max_iter=50)
    w_float, _ = coordinate_descent(Xc, tc, 1.0, l1_ratio=1.0, max_iter=50)
    np.testing.assert_array_equal(w_int, w_float)
