"""Autoencoders and variational autoencoders (chapter "Autoencoders").

NumPy helpers (corruption of inputs, PCA and principal angles between
subspaces, the Gaussian Kullback-Leibler divergence, clustering accuracy) and
Keras builders of dense autoencoders and of the encoder and decoder of a
variational autoencoder (VAE). TensorFlow is imported inside the functions that
need it, so that the NumPy helpers can be used without it; call
neurocomp.utils.setup_tensorflow first to silence and seed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_choice,
    check_int,
    check_positive,
)

if TYPE_CHECKING:
    import keras
    import tensorflow as tf

LOG_2PI = float(np.log(2.0 * np.pi))


# ----------------------------------------------------------------------------
# NumPy


def corrupt(
    X: Any, level: float, kind: str = "mask", seed: SeedLike = None
) -> np.ndarray:
    """Corrupt inputs for a denoising autoencoder.

    "mask" sets each entry to 0 with probability level (masking noise);
    "gaussian" adds independent N(0, level²) noise and clips the result to [0,
    1]. Chapter: Autoencoders.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Clean inputs, values in [0, 1].
    level : float
        Masking probability in [0, 1), or the standard deviation of the
        Gaussian noise.
    kind : {"mask", "gaussian"}
    seed : int, numpy.random.Generator or None

    Returns
    -------
    ndarray of the same shape as X
        Float64, except that masking keeps float32 inputs in float32 (the same
        values, without a float64 copy of the data set).
    """
    float32 = getattr(X, "dtype", None) == np.float32 and kind == "mask"
    X = check_array(
        X, "X", ndim=2, min_samples=1, dtype=np.float32 if float32 else float
    )
    if X.size and (X.min() < 0.0 or X.max() > 1.0):
        raise ValueError(
            "X must hold values in [0, 1] (scale the inputs first); got "
            "values "
            f"from {X.min():.4g} to {X.max():.4g}"
        )
    level = check_positive(level, "level", allow_zero=True)
    kind = check_choice(kind, "kind", ("mask", "gaussian"))
    rng = as_generator(seed)
    if kind == "mask":
        if level >= 1:
            raise ValueError(
                "level must be a probability in [0, 1) for masking; got "
                f"level={level}"
            )
        return X * (rng.random(X.shape) >= level)
    return np.clip(X + level * rng.standard_normal(X.shape), 0.0, 1.0)


def pca_basis(X: Any, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The mean and the first k principal directions of the rows of X, by an
    SVD.

    With the centred data X − 1·m^T = U·S·V^T, the principal directions are the
    first k columns of V (the eigenvectors of the covariance matrix with the
    largest eigenvalues S²/N). Chapter: Autoencoders.

    Returns
    -------
    mean : ndarray of shape (n_features,)
    V : ndarray of shape (n_features, k)
        Orthonormal columns, in order of decreasing variance.
    """
    X = check_array(X, "X", ndim=2, min_samples=2)
    k = check_int(k, "k")
    if k > min(X.shape):
        raise ValueError(
            f"k must be at most min(n_samples, n_features) = {min(X.shape)}; "
            f"got k={k}"
        )
    mean = X.mean(axis=0)
    _, _, Vt = np.linalg.svd(X - mean, full_matrices=False)
    return mean, Vt[:k].T


def principal_angles(A: Any, B: Any) -> np.ndarray:
    """Principal angles (radians, increasing) between the column spaces of A
    and B.

    With orthonormal bases Q_A and Q_B (QR decompositions), the cosines of the
    angles are the singular values of Q_A^T·Q_B. All angles are 0 when the
    spaces coincide; the largest is 90° when a direction of one space is
    orthogonal to the other. Chapter: Autoencoders (the linear autoencoder
    spans the PCA subspace).

    Parameters
    ----------
    A, B : array_like of shape (n, k_A) and (n, k_B)
        Columns spanning the two subspaces, each of full column rank.

    Returns
    -------
    ndarray of shape (min(k_A, k_B),)
    """
    A = check_array(A, "A", ndim=2)
    B = check_array(B, "B", ndim=2)
    if A.shape[0] != B.shape[0]:
        raise ValueError(
            f"A and B must have the same number of rows; got {A.shape[0]} and "
            f"{B.shape[0]}"
        )
    if 0 in A.shape or 0 in B.shape:
        raise ValueError(
            "A and B must have at least one row and one column; got "
            f"{A.shape} and {B.shape}"
        )
    for name, M in (("A", A), ("B", B)):
        if np.linalg.matrix_rank(M) < M.shape[1]:
            raise ValueError(
                f"{name} must have linearly independent columns; got rank "
                f"{np.linalg.matrix_rank(M)} for {M.shape[1]} columns"
            )
    Qa, _ = np.linalg.qr(A)
    Qb, _ = np.linalg.qr(B)
    cosines = np.linalg.svd(Qa.T @ Qb, compute_uv=False)
    return np.sort(np.arccos(np.clip(cosines, -1.0, 1.0)))


def _mu_log_var(mu: Any, log_var: Any) -> tuple[np.ndarray, np.ndarray]:
    mu = check_array(mu, "mu", ndim=(1, 2))
    log_var = check_array(log_var, "log_var", ndim=(1, 2))
    if mu.shape != log_var.shape:
        raise ValueError(
            f"mu and log_var must have the same shape; got {mu.shape} and "
            f"{log_var.shape}"
        )
    if mu.shape[-1] == 0:
        raise ValueError(
            "mu and log_var must have at least one dimension d; got shape "
            f"{mu.shape}"
        )
    return mu, log_var


def gaussian_kl(mu: Any, log_var: Any) -> np.ndarray | float:
    """KL(q || p) of q = N(μ, diag σ²) from the standard normal p = N(0, I), in
    nats.

    KL = ½ Σ_j (σ_j² + μ_j² − 1 − log σ_j²), the regulariser of the VAE's
    evidence lower bound. Chapter: Autoencoders.

    Parameters
    ----------
    mu, log_var : array_like of shape (d,) or (n, d)
        Means μ and log-variances log σ² of q (one row per distribution).

    Returns
    -------
    float, or ndarray of shape (n,)
    """
    mu, log_var = _mu_log_var(mu, log_var)
    kl = 0.5 * np.sum(np.exp(log_var) + mu**2 - 1.0 - log_var, axis=-1)
    return float(kl) if kl.ndim == 0 else kl


def gaussian_log_density(
    z: Any, mu: Any = 0.0, log_var: Any = 0.0
) -> np.ndarray | float:
    """log N(z; μ, diag σ²) = −½ Σ_j (log 2π + log σ_j² + (z_j − μ_j)²/σ_j²).

    mu and log_var broadcast against z (defaults: the standard normal). Rows of
    a 2-D z are separate points. Chapter: Autoencoders.
    """
    z = check_array(z, "z", ndim=(1, 2))
    if z.shape[-1] == 0:
        raise ValueError(
            f"z must have at least one component; got shape {z.shape}"
        )
    mu = check_array(mu, "mu", ndim=(0, 1, 2))
    log_var = check_array(log_var, "log_var", ndim=(0, 1, 2))
    try:
        terms = LOG_2PI + log_var + (z - mu) ** 2 / np.exp(log_var)
    except ValueError as err:
        raise ValueError(
            f"mu {mu.shape} and log_var {log_var.shape} must broadcast "
            f"against z {z.shape}"
        ) from err
    out = -0.5 * np.sum(
        np.broadcast_to(terms, np.broadcast_shapes(terms.shape, z.shape)),
        axis=-1,
    )
    return float(out) if out.ndim == 0 else out


def cluster_accuracy(t: Any, clusters: Any) -> float:
    """Accuracy of a clustering under the best one-to-one map of clusters to
    classes.

    The map maximises the number of agreements (Hungarian algorithm on the
    contingency table), the usual score of unsupervised clustering on labelled
    data. Chapter: Autoencoders (deep clustering).
    """
    from scipy.optimize import linear_sum_assignment

    t = check_array(t, "t", ndim=1, dtype=None)
    clusters = check_array(clusters, "clusters", ndim=1, dtype=None)
    if t.shape != clusters.shape or t.size == 0:
        raise ValueError(
            "t and clusters must be non-empty and of equal length; got "
            f"{t.size} "
            f"and {clusters.size}"
        )
    classes, t_idx = np.unique(t, return_inverse=True)
    groups, c_idx = np.unique(clusters, return_inverse=True)
    table = np.zeros((groups.size, classes.size), dtype=int)
    np.add.at(table, (c_idx, t_idx), 1)
    rows, cols = linear_sum_assignment(-table)
    return float(table[rows, cols].sum() / t.size)


# ----------------------------------------------------------------------------
# Keras


def _sizes(hidden: Sequence[int], name: str = "hidden") -> tuple[int, ...]:
    if isinstance(hidden, (str, bytes)) or not isinstance(hidden, Sequence):
        raise TypeError(
            f"{name} must be a sequence of layer sizes; got {hidden!r}"
        )
    return tuple(check_int(n, f"{name}[{i}]") for i, n in enumerate(hidden))


def build_autoencoder(
    input_dim: int = 784,
    hidden: Sequence[int] = (256,),
    code_dim: int = 32,
    activation: str = "relu",
    output_activation: str = "sigmoid",
) -> keras.Model:
    """A dense autoencoder x → h = f(x) → y = g(h), mirrored around the code
    layer.

    The encoder has layers of sizes hidden, then the code layer (linear, named
    "code"); the decoder has the sizes of hidden in reverse, then the output
    layer ("reconstruction"). hidden=() with linear activations gives the
    linear autoencoder y = W₂·(W₁·x + b₁) + b₂. Chapter: Autoencoders.

    Returns
    -------
    keras.Model
        Maps inputs of shape (input_dim,) to reconstructions of the same shape.
    """
    import keras

    input_dim, code_dim = (
        check_int(input_dim, "input_dim"),
        check_int(code_dim, "code_dim"),
    )
    hidden = _sizes(hidden)
    for name, act in (
        ("activation", activation),
        ("output_activation", output_activation),
    ):
        check_choice(act, name, ("linear", "relu", "sigmoid", "tanh", "elu"))
    x = inputs = keras.Input(shape=(input_dim,), name="x")
    for i, n in enumerate(hidden, start=1):
        x = keras.layers.Dense(n, activation=activation, name=f"enc{i}")(x)
    x = keras.layers.Dense(code_dim, name="code")(x)
    for i, n in enumerate(reversed(hidden), start=1):
        x = keras.layers.Dense(n, activation=activation, name=f"dec{i}")(x)
    outputs = keras.layers.Dense(
        input_dim, activation=output_activation, name="reconstruction"
    )(x)
    return keras.Model(inputs, outputs, name="autoencoder")


def encoder_of(autoencoder: keras.Model) -> keras.Model:
    """The encoder part (input → "code" layer) of a model from
    build_autoencoder."""
    import keras

    if not isinstance(autoencoder, keras.Model):
        raise TypeError(
            "autoencoder must be a keras.Model; got "
            f"{type(autoencoder).__name__}"
        )
    try:
        code = autoencoder.get_layer("code").output
    except ValueError as err:
        raise ValueError(
            "autoencoder has no layer named 'code'; build it with "
            "build_autoencoder"
        ) from err
    return keras.Model(autoencoder.inputs, code, name="encoder")


def build_vae_encoder(
    input_dim: int = 784, hidden: Sequence[int] = (256,), latent_dim: int = 2
) -> keras.Model:
    """The inference network of a VAE: x → (μ(x), log σ²(x)) of q(z|x) = N(μ,
    diag σ²).

    ReLU hidden layers, then two linear heads named "mu" and "log_var".
    Chapter: Autoencoders (variational autoencoder).
    """
    import keras

    input_dim, latent_dim = (
        check_int(input_dim, "input_dim"),
        check_int(latent_dim, "latent_dim"),
    )
    x = inputs = keras.Input(shape=(input_dim,), name="x")
    for i, n in enumerate(_sizes(hidden), start=1):
        x = keras.layers.Dense(n, activation="relu", name=f"enc{i}")(x)
    mu = keras.layers.Dense(latent_dim, name="mu")(x)
    log_var = keras.layers.Dense(latent_dim, name="log_var")(x)
    return keras.Model(inputs, [mu, log_var], name="vae_encoder")


def build_vae_decoder(
    latent_dim: int = 2, hidden: Sequence[int] = (256,), output_dim: int = 784
) -> keras.Model:
    """The generative network of a VAE: z → logits of the Bernoulli pixels
    p(x|z).

    The pixel probabilities are sigmoid(logits); the output stays in logits so
    that the log-likelihood can be computed stably. Chapter: Autoencoders
    (variational autoencoder).
    """
    import keras

    latent_dim, output_dim = (
        check_int(latent_dim, "latent_dim"),
        check_int(output_dim, "output_dim"),
    )
    z = inputs = keras.Input(shape=(latent_dim,), name="z")
    for i, n in enumerate(_sizes(hidden), start=1):
        z = keras.layers.Dense(n, activation="relu", name=f"dec{i}")(z)
    logits = keras.layers.Dense(output_dim, name="logits")(z)
    return keras.Model(inputs, logits, name="vae_decoder")


def _check_vae(
    encoder: keras.Model, decoder: keras.Model, x: Any, n_cond: int = 0
) -> None:
    """Static shapes: [x, t] (batch, D + C) into the encoder, [z, t] into the
    decoder, D out."""
    d_enc, latent = encoder.inputs[0].shape[-1], encoder.outputs[0].shape[-1]
    d_in = d_enc - n_cond
    if (
        decoder.inputs[0].shape[-1] != latent + n_cond
        or decoder.outputs[0].shape[-1] != d_in
    ):
        plus = f" and {n_cond} condition inputs" if n_cond else ""
        raise ValueError(
            f"decoder must map the encoder's {latent} latent variables{plus} "
            "back "
            f"to {d_in} pixels; got a decoder from "
            f"{decoder.inputs[0].shape[-1]} "
            f"to {decoder.outputs[0].shape[-1]}"
        )
    shape = tuple(getattr(x, "shape", ()))
    if len(shape) != 2 or shape[-1] != d_in:
        raise ValueError(
            f"x must be a batch of shape (batch, {d_in}); got shape {shape}"
        )


def negative_elbo(
    encoder: keras.Model,
    decoder: keras.Model,
    x: tf.Tensor,
    noise: tf.random.Generator,
    condition: tf.Tensor | None = None,
) -> tuple[tf.Tensor, tf.Tensor]:
    """The two terms of −ELBO(x) for a batch, with one reparameterised sample
    per image.

    z = μ + σ * ε (element-wise) with ε ~ N(0, I) (the reparameterisation
    trick), then reconstruction = −log p(x|z) = Σ_pixels binary
    cross-entropy(x, sigmoid(logits)) and kl = ½ Σ_j (σ_j² + μ_j² − 1 − log
    σ_j²). Their sum, averaged over the batch, is the loss of the VAE. With a
    condition t (a conditional VAE), the encoder sees [x, t] and the decoder
    [z, t]. Chapter: Autoencoders.

    Parameters
    ----------
    encoder, decoder : keras.Model
        From build_vae_encoder and build_vae_decoder; for a conditional VAE the
        encoder's input has D + C columns and the decoder's K + C.
    x : tf.Tensor of shape (batch, D)
        Binary images.
    noise : tf.random.Generator
        Source of ε.
    condition : tf.Tensor of shape (batch, C), optional
        The condition t (for example one-hot labels) of a conditional VAE.

    Returns
    -------
    reconstruction, kl : tf.Tensor of shape (batch,), in nats
    """
    import keras
    import tensorflow as tf

    for name, model in (("encoder", encoder), ("decoder", decoder)):
        if not isinstance(model, keras.Model):
            raise TypeError(
                f"{name} must be a keras.Model; got {type(model).__name__}"
            )
    if not isinstance(noise, tf.random.Generator):
        raise TypeError(
            f"noise must be a tf.random.Generator; got {type(noise).__name__}"
        )
    n_cond = 0
    if condition is not None:
        c_shape = tuple(getattr(condition, "shape", ()))
        if len(c_shape) != 2 or c_shape[0] != getattr(x, "shape", (None,))[0]:
            raise ValueError(
                "condition must have shape (batch, C) with the batch of x; "
                "got "
                f"shape {c_shape}"
            )
        n_cond = int(c_shape[1])
        condition = tf.cast(condition, x.dtype)
    _check_vae(encoder, decoder, x, n_cond)
    mu, log_var = encoder(
        x if condition is None else tf.concat([x, condition], axis=1)
    )
    eps = noise.normal(tf.shape(mu))
    z = mu + tf.exp(0.5 * log_var) * eps
    logits = decoder(
        z if condition is None else tf.concat([z, condition], axis=1)
    )
    nll = tf.nn.sigmoid_cross_entropy_with_logits(labels=x, logits=logits)
    reconstruction = tf.reduce_sum(nll, axis=1)
    kl = 0.5 * tf.reduce_sum(
        tf.exp(log_var) + tf.square(mu) - 1.0 - log_var, axis=1
    )
    return reconstruction, kl
