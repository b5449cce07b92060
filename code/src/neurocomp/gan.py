"""Generative adversarial networks, for the chapter "Generative adversarial networks".

Two halves:

* NumPy helpers for one-dimensional examples whose densities are known: a Gaussian
  mixture (density and samples), the optimal discriminator D* = p_data / (p_data + p_g),
  the value of the game V(D, G), the Jensen-Shannon divergence, and a measure of how many
  modes of a mixture a set of generated samples covers.
* Keras builders of small generators and discriminators (dense networks for 1-D data, a
  conditional DCGAN for 14 × 14 digits), the two losses, training steps written with
  tf.GradientTape, and the gradient penalty of WGAN-GP.

TensorFlow is imported inside the functions that need it, so that the NumPy half stays
cheap to import; call neurocomp.utils.setup_tensorflow first in a chapter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .utils import SeedLike, as_generator, check_array, check_choice, check_int, check_positive

if TYPE_CHECKING:
    import keras
    import tensorflow as tf

GENERATOR_LOSSES = ("non-saturating", "minimax")


# --------------------------------------------------------------------------- NumPy half
def _mixture(means: Any, stds: Any, weights: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    means = check_array(means, "means", ndim=1, min_samples=1)
    stds = check_array(stds, "stds", ndim=1)
    if stds.shape != means.shape or np.any(stds <= 0):
        raise ValueError(f"stds must hold {len(means)} positive numbers (one per mean); got {stds}")
    if weights is None:
        weights = np.full(len(means), 1.0 / len(means))
    weights = check_array(weights, "weights", ndim=1)
    if weights.shape != means.shape or np.any(weights < 0) or not np.isclose(weights.sum(), 1.0):
        raise ValueError(
            f"weights must hold {len(means)} non-negative numbers summing to 1; got {weights}"
        )
    return means, stds, weights


def mixture_pdf(x: Any, means: Any, stds: Any, weights: Any = None) -> np.ndarray:
    """Density of a one-dimensional Gaussian mixture.

    p(x) = Σ_k π_k · exp(-(x - μ_k)² / (2 σ_k²)) / (√(2π) σ_k)

    Parameters
    ----------
    x : array_like, scalar or shape (n,)
        Where to evaluate the density.
    means, stds : array_like, shape (K,)
        Centres μ_k and standard deviations σ_k > 0 of the K components.
    weights : array_like, shape (K,), optional
        Mixing weights π_k (non-negative, summing to 1); equal weights by default.

    Returns
    -------
    numpy.ndarray
        p(x), with the shape of x.
    """
    x = check_array(x, "x", ndim=(0, 1))
    means, stds, weights = _mixture(means, stds, weights)
    z = (x[..., None] - means) / stds
    return np.sum(weights * np.exp(-0.5 * z**2) / (np.sqrt(2 * np.pi) * stds), axis=-1)


def sample_mixture(n: int, means: Any, stds: Any, weights: Any = None,
                   seed: SeedLike = None) -> np.ndarray:
    """Draw n samples of a Gaussian mixture: a component k with probability π_k, then
    x ~ N(μ_k, σ_k²). Returns an array of shape (n,)."""
    n = check_int(n, "n")
    means, stds, weights = _mixture(means, stds, weights)
    rng = as_generator(seed)
    k = rng.choice(len(means), size=n, p=weights)
    return rng.normal(means[k], stds[k])


def _densities(p_data: Any, p_g: Any,
               names: tuple[str, str] = ("p_data", "p_g")) -> tuple[np.ndarray, np.ndarray]:
    a, b = names
    p_data = check_array(p_data, a, ndim=(0, 1))
    p_g = check_array(p_g, b, ndim=(0, 1))
    if p_data.shape != p_g.shape:
        raise ValueError(f"{a} and {b} must have the same shape; got {p_data.shape} and {p_g.shape}")
    for name, d in ((a, p_data), (b, p_g)):
        if np.any(d < 0):
            raise ValueError(f"{name} must be a density (non-negative values); got minimum {d.min()}")
    return p_data, p_g


def optimal_discriminator(p_data: Any, p_g: Any) -> np.ndarray:
    """The discriminator that maximises the value of the game for a fixed generator.

    D*(x) = p_data(x) / (p_data(x) + p_g(x)), evaluated pointwise. Where both densities
    vanish every value is optimal; 1/2 is returned there.
    """
    p_data, p_g = _densities(p_data, p_g)
    total = p_data + p_g
    return np.divide(p_data, total, out=np.full_like(total, 0.5), where=total > 0)


def _grid(x: Any, n: int) -> np.ndarray:
    x = check_array(x, "x", ndim=1, min_samples=2)
    if x.shape[0] != n or np.any(np.diff(x) <= 0):
        raise ValueError(f"x must be an increasing grid of {n} points (one per density value)")
    return x


def _xlogy(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """p · log q with the convention 0 · log 0 = 0."""
    return np.where(p > 0, p * np.log(np.where(p > 0, q, 1.0)), 0.0)


def game_value(d: Any, p_data: Any, p_g: Any, x: Any) -> float:
    """Value of the GAN game for a discriminator given on a grid.

    V(D, G) = ∫ [p_data(x) · log D(x) + p_g(x) · log(1 - D(x))] dx,
    integrated with the trapezoidal rule on the increasing grid x.

    Parameters
    ----------
    d : array_like, shape (n,)
        Discriminator outputs D(x) on the grid, in [0, 1].
    p_data, p_g : array_like, shape (n,)
        The two densities on the grid.
    x : array_like, shape (n,)
        The grid.
    """
    p_data, p_g = _densities(p_data, p_g)
    d = check_array(d, "d", ndim=1)
    if d.shape != p_data.shape or np.any(d < 0) or np.any(d > 1):
        got = f" with values from {d.min()} to {d.max()}" if d.size else ""
        raise ValueError(f"d must hold {p_data.size} probabilities in [0, 1], one per grid point; "
                         f"got shape {d.shape}{got}")
    x = _grid(x, d.size)
    integrand = _xlogy(p_data, d) + _xlogy(p_g, 1.0 - d)
    return float(np.trapezoid(integrand, x))


def js_divergence(p: Any, q: Any, x: Any) -> float:
    """Jensen-Shannon divergence of two densities given on a grid, in nats.

    JSD(p ‖ q) = ½ KL(p ‖ m) + ½ KL(q ‖ m) with the mixture m = (p + q) / 2;
    0 ≤ JSD ≤ log 2. Trapezoidal rule on the increasing grid x.
    """
    p, q = _densities(p, q, ("p", "q"))
    x = _grid(x, p.size)
    m = 0.5 * (p + q)
    integrand = 0.5 * (_xlogy(p, p) - _xlogy(p, m)) + 0.5 * (_xlogy(q, q) - _xlogy(q, m))
    return float(np.trapezoid(integrand, x))


@dataclass(frozen=True)
class ModeCoverage:
    """How generated samples distribute over the modes of a mixture.

    Attributes
    ----------
    fractions : numpy.ndarray, shape (K,)
        Fraction of the samples that lie within `width` standard deviations of each mode.
    off_mode : float
        Fraction of the samples near no mode ("low-quality" samples).
    n_covered : int
        Number of modes that received at least `min_fraction` of the samples.
    """

    fractions: np.ndarray
    off_mode: float
    n_covered: int


def mode_coverage(samples: Any, means: Any, stds: Any, *, width: float = 3.0,
                  min_fraction: float = 0.05) -> ModeCoverage:
    """Count the modes of a 1-D Gaussian mixture that generated samples cover.

    A sample belongs to the mode k that minimises |x - μ_k| / σ_k if that distance is at
    most width; a mode is covered when at least min_fraction of all samples belong to it.
    """
    samples = check_array(samples, "samples", ndim=1, min_samples=1)
    means, stds, _ = _mixture(means, stds, None)
    width = check_positive(width, "width")
    min_fraction = check_positive(min_fraction, "min_fraction")
    if min_fraction > 1:
        raise ValueError(f"min_fraction must be in (0, 1]; got min_fraction={min_fraction}")
    distance = np.abs(samples[:, None] - means) / stds
    nearest = np.argmin(distance, axis=1)
    inside = distance[np.arange(len(samples)), nearest] <= width
    fractions = np.bincount(nearest[inside], minlength=len(means)) / len(samples)
    return ModeCoverage(fractions, float(1.0 - inside.mean()), int(np.sum(fractions >= min_fraction)))


# --------------------------------------------------------------------------- Keras half
def _widths(hidden: Sequence[int], name: str) -> tuple[int, ...]:
    if isinstance(hidden, (str, bytes)) or not isinstance(hidden, Sequence) or not hidden:
        raise ValueError(f"{name} must be a non-empty sequence of layer widths; got {hidden!r}")
    return tuple(check_int(h, f"{name}[{i}]") for i, h in enumerate(hidden))


def build_dense_generator(latent_dim: int = 4, output_dim: int = 1,
                          hidden: Sequence[int] = (32, 32)) -> keras.Model:
    """A dense generator x = G(z): noise z of size latent_dim → ReLU layers → a linear
    output of size output_dim (no squashing, so G can place samples anywhere)."""
    import keras

    latent_dim, output_dim = check_int(latent_dim, "latent_dim"), check_int(output_dim, "output_dim")
    z = keras.Input(shape=(latent_dim,), name="z")
    h = z
    for i, width in enumerate(_widths(hidden, "hidden")):
        h = keras.layers.Dense(width, activation="relu", name=f"dense{i + 1}")(h)
    x = keras.layers.Dense(output_dim, name="x")(h)
    return keras.Model(z, x, name="generator")


def build_dense_discriminator(input_dim: int = 1, hidden: Sequence[int] = (32, 32)) -> keras.Model:
    """A dense discriminator: x → leaky-ReLU layers → one logit a, with D(x) = σ(a).

    Returning the logit instead of σ(a) lets the losses use the numerically stable
    log σ(a) = -softplus(-a).
    """
    import keras

    input_dim = check_int(input_dim, "input_dim")
    x = keras.Input(shape=(input_dim,), name="x")
    h = x
    for i, width in enumerate(_widths(hidden, "hidden")):
        h = keras.layers.Dense(width, name=f"dense{i + 1}")(h)
        h = keras.layers.LeakyReLU(0.2, name=f"leaky{i + 1}")(h)
    logit = keras.layers.Dense(1, name="logit")(h)
    return keras.Model(x, logit, name="discriminator")


def build_conditional_generator(latent_dim: int = 32, n_classes: int = 10,
                                filters: int = 32) -> keras.Model:
    """A conditional DCGAN generator for 14 × 14 images.

    [z, one-hot class] → dense 7 × 7 × 2·filters → batch norm → ReLU → transposed
    convolution (stride 2) to 14 × 14 × filters → batch norm → ReLU → 3 × 3 convolution
    with tanh to one channel in [-1, 1].
    """
    import keras

    layers = keras.layers
    latent_dim, n_classes = check_int(latent_dim, "latent_dim"), check_int(n_classes, "n_classes", minimum=2)
    filters = check_int(filters, "filters")
    z = keras.Input(shape=(latent_dim,), name="z")
    c = keras.Input(shape=(n_classes,), name="class")
    h = layers.Concatenate(name="z_and_class")([z, c])
    h = layers.Dense(7 * 7 * 2 * filters, use_bias=False, name="project")(h)
    h = layers.ReLU(name="relu1")(layers.BatchNormalization(name="bn1")(h))
    h = layers.Reshape((7, 7, 2 * filters), name="reshape")(h)
    h = layers.Conv2DTranspose(filters, 4, strides=2, padding="same", use_bias=False, name="up")(h)
    h = layers.ReLU(name="relu2")(layers.BatchNormalization(name="bn2")(h))
    x = layers.Conv2D(1, 3, padding="same", activation="tanh", name="image")(h)
    return keras.Model([z, c], x, name="conditional_generator")


def build_conditional_discriminator(n_classes: int = 10, filters: int = 32) -> keras.Model:
    """A conditional DCGAN discriminator for 14 × 14 images.

    The class is turned into a learned 14 × 14 map and stacked with the image as a second
    channel; two strided 4 × 4 convolutions with leaky ReLU (no pooling, as in DCGAN) and a
    dense layer give one logit.
    """
    import keras

    layers = keras.layers
    n_classes, filters = check_int(n_classes, "n_classes", minimum=2), check_int(filters, "filters")
    x = keras.Input(shape=(14, 14, 1), name="image")
    c = keras.Input(shape=(n_classes,), name="class")
    c_map = layers.Reshape((14, 14, 1), name="class_map")(layers.Dense(14 * 14, name="embed")(c))
    h = layers.Concatenate(name="image_and_class")([x, c_map])
    h = layers.LeakyReLU(0.2, name="leaky1")(layers.Conv2D(filters, 4, strides=2, padding="same", name="conv1")(h))
    h = layers.LeakyReLU(0.2, name="leaky2")(layers.Conv2D(2 * filters, 4, strides=2, padding="same", name="conv2")(h))
    logit = layers.Dense(1, name="logit")(layers.Flatten(name="flatten")(h))
    return keras.Model([x, c], logit, name="conditional_discriminator")


def discriminator_loss(real_logits: tf.Tensor, fake_logits: tf.Tensor) -> tf.Tensor:
    """Binary cross-entropy of the discriminator, averaged over the batch:
    -[log D(x) + log(1 - D(G(z)))] with D = σ(a), i.e. softplus(-a_real) + softplus(a_fake)."""
    import tensorflow as tf

    return tf.reduce_mean(tf.nn.softplus(-real_logits)) + tf.reduce_mean(tf.nn.softplus(fake_logits))


def generator_loss(fake_logits: tf.Tensor, kind: str = "non-saturating") -> tf.Tensor:
    """Loss the generator minimises, from the discriminator's logits a on fakes.

    "minimax":        log(1 - D(G(z))) = -softplus(a)   (saturates when D rejects fakes)
    "non-saturating": -log D(G(z))     =  softplus(-a)
    """
    import tensorflow as tf

    if kind not in GENERATOR_LOSSES:  # checked here, not with a helper: this runs inside tf.function
        raise ValueError(f"kind must be one of {GENERATOR_LOSSES}; got {kind!r}")
    if kind == "minimax":
        return -tf.reduce_mean(tf.nn.softplus(fake_logits))
    return tf.reduce_mean(tf.nn.softplus(-fake_logits))


def _check_model(model: Any, name: str, n_inputs: tuple[int, ...] = (1, 2)) -> None:
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"{name} must be a keras.Model; got {type(model).__name__}")
    if len(model.inputs) not in n_inputs:
        raise ValueError(f"{name} must have {' or '.join(map(str, n_inputs))} inputs; "
                         f"got {len(model.inputs)}")


def _check_optimizer(optimizer: Any, name: str) -> None:
    if not callable(getattr(optimizer, "apply_gradients", None)):
        raise TypeError(f"{name} must be a Keras optimizer (with apply_gradients); got "
                        f"{type(optimizer).__name__}")


def _with_class(x: Any, classes: Any) -> Any:
    return x if classes is None else [x, classes]


def make_discriminator_step(discriminator: keras.Model, optimizer: Any) -> Callable:
    """Return a compiled function step(real, fake, classes=None) -> loss that makes one
    optimiser step on the discriminator loss for a batch of real and fake examples (and
    their one-hot classes, for a conditional discriminator)."""
    import tensorflow as tf

    _check_model(discriminator, "discriminator")
    _check_optimizer(optimizer, "optimizer")

    @tf.function(autograph=False)  # plain Python control flow only
    def step(real, fake, classes=None):
        with tf.GradientTape() as tape:
            real_logits = discriminator(_with_class(real, classes), training=True)
            fake_logits = discriminator(_with_class(fake, classes), training=True)
            loss = discriminator_loss(real_logits, fake_logits)
        grads = tape.gradient(loss, discriminator.trainable_variables)
        optimizer.apply_gradients(zip(grads, discriminator.trainable_variables))
        return loss

    return step


def make_gan_train_step(generator: keras.Model, discriminator: keras.Model,
                        g_optimizer: Any, d_optimizer: Any, *, loss: str = "non-saturating",
                        seed: SeedLike = None) -> Callable:
    """Return a compiled function train_step(real, classes=None) -> (d_loss, g_loss).

    One call alternates the two players on a batch: one step of the discriminator on the
    real batch against fresh fakes, then one step of the generator on new noise, against
    the updated discriminator. With classes (one-hot, shape (batch, n_classes)) both
    networks are conditioned on them and the fakes get the classes of the real batch.
    """
    import tensorflow as tf

    _check_model(generator, "generator")
    _check_optimizer(g_optimizer, "g_optimizer")
    _check_optimizer(d_optimizer, "d_optimizer")
    kind = check_choice(loss, "loss", GENERATOR_LOSSES)
    latent_dim = int(generator.inputs[0].shape[-1])
    noise = tf.random.Generator.from_seed(int(as_generator(seed).integers(2**31)))
    d_step = make_discriminator_step(discriminator, d_optimizer)

    @tf.function(autograph=False)  # plain Python control flow only
    def train_step(real, classes=None):
        n = tf.shape(real)[0]
        fake = generator(_with_class(noise.normal((n, latent_dim)), classes), training=True)
        d_loss = d_step(real, fake, classes)
        with tf.GradientTape() as tape:
            fake = generator(_with_class(noise.normal((n, latent_dim)), classes), training=True)
            fake_logits = discriminator(_with_class(fake, classes), training=True)
            g_loss = generator_loss(fake_logits, kind)
        grads = tape.gradient(g_loss, generator.trainable_variables)
        g_optimizer.apply_gradients(zip(grads, generator.trainable_variables))
        return d_loss, g_loss

    return train_step


def generate(generator: keras.Model, n: int, *, classes: Any = None,
             seed: SeedLike = None) -> np.ndarray:
    """Draw n samples G(z) with z ~ N(0, I) (inference mode) as a NumPy array.

    classes : array_like of int, shape (n,), optional
        Class of each sample, for a conditional generator.
    """
    _check_model(generator, "generator")
    n = check_int(n, "n")
    conditional = len(generator.inputs) == 2
    if conditional != (classes is not None):
        raise ValueError("classes must be given exactly when the generator is conditional")
    z = as_generator(seed).standard_normal((n, int(generator.inputs[0].shape[-1]))).astype("float32")
    if classes is not None:
        n_classes = int(generator.inputs[1].shape[-1])
        classes = check_array(classes, "classes", ndim=1, dtype=None)
        if classes.shape != (n,) or classes.dtype.kind not in "iu" or np.any(classes < 0) \
                or np.any(classes >= n_classes):
            raise ValueError(f"classes must hold {n} integers in [0, {n_classes}); got {classes!r}")
        classes = np.eye(n_classes, dtype="float32")[classes]
    return np.asarray(generator(_with_class(z, classes), training=False))


def _as_tensor(value: Any, name: str) -> tf.Tensor:
    import tensorflow as tf

    try:
        return tf.convert_to_tensor(value, tf.float32)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a float array or tensor; got {type(value).__name__}") from err


def _check_penalty_values(real: np.ndarray, fake: np.ndarray, epsilon: np.ndarray) -> None:
    for name, value in (("real", real), ("fake", fake), ("epsilon", epsilon)):
        check_array(value, name)
    if epsilon.size and (epsilon.min() < 0 or epsilon.max() > 1):
        raise ValueError(f"epsilon must lie in [0, 1]; got values from {epsilon.min()} to "
                         f"{epsilon.max()}")


def gradient_penalty(critic: keras.Model, real: Any, fake: Any, epsilon: Any) -> tf.Tensor:
    """The gradient penalty of WGAN-GP, mean over the batch of (‖∇f(x̂)‖₂ - 1)².

    The critic f is evaluated at points x̂ = ε·x_real + (1 - ε)·x_fake on the straight
    lines between real and fake examples, with one ε in [0, 1] per example.
    """
    import tensorflow as tf

    _check_model(critic, "critic", (1,))
    real, fake = (_as_tensor(v, name) for v, name in ((real, "real"), (fake, "fake")))
    if real.shape != fake.shape:
        raise ValueError(f"real and fake must have the same shape; got {real.shape} and {fake.shape}")
    if real.shape[1:] != tuple(critic.inputs[0].shape[1:]):
        raise ValueError(f"real and fake must be batches of the critic's input shape "
                         f"{tuple(critic.inputs[0].shape[1:])}; got {real.shape}")
    epsilon = tf.convert_to_tensor(epsilon, tf.float32)
    if epsilon.shape != (real.shape[0],):
        raise ValueError(f"epsilon must have shape ({real.shape[0]},), one per example; got {epsilon.shape}")
    if tf.executing_eagerly():  # values can only be checked outside tf.function
        _check_penalty_values(real.numpy(), fake.numpy(), epsilon.numpy())
    epsilon = tf.reshape(epsilon, [-1] + [1] * (len(real.shape) - 1))
    x_hat = epsilon * real + (1.0 - epsilon) * fake
    with tf.GradientTape() as tape:
        tape.watch(x_hat)
        f = critic(x_hat, training=True)
    grad = tf.reshape(tape.gradient(f, x_hat), [real.shape[0], -1])
    return tf.reduce_mean((tf.norm(grad, axis=1) - 1.0) ** 2)
