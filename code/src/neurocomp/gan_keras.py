"""Generative adversarial networks in Keras, for the chapter "Generative
adversarial networks".

Builders of small generators and discriminators (dense networks for 1-D data, a
conditional DCGAN for 14 × 14 digits), the two losses, training steps written
with tf.GradientTape, and the gradient penalty of WGAN-GP. The one-dimensional
theory (optimal discriminator, value of the game, Jensen-Shannon divergence) is
in gan.

TensorFlow is imported inside the functions that need it; call
neurocomp.utils.setup_tensorflow first in a chapter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .utils import SeedLike, as_generator, check_array, check_choice, check_int

if TYPE_CHECKING:
    import keras
    import tensorflow as tf

GENERATOR_LOSSES = ("non-saturating", "minimax")


def _widths(hidden: Sequence[int], name: str) -> tuple[int, ...]:
    if (
        isinstance(hidden, (str, bytes))
        or not isinstance(hidden, Sequence)
        or not hidden
    ):
        raise ValueError(
            f"{name} must be a non-empty sequence of layer widths; got "
            f"{hidden!r}"
        )
    return tuple(check_int(h, f"{name}[{i}]") for i, h in enumerate(hidden))


def build_dense_generator(
    latent_dim: int = 4, output_dim: int = 1, hidden: Sequence[int] = (32, 32)
) -> keras.Model:
    """A dense generator x = G(z): noise z of size latent_dim → ReLU layers → a
    linear output of size output_dim (no squashing, so G can place samples
    anywhere)."""
    import keras

    latent_dim, output_dim = (
        check_int(latent_dim, "latent_dim"),
        check_int(output_dim, "output_dim"),
    )
    z = keras.Input(shape=(latent_dim,), name="z")
    h = z
    for i, width in enumerate(_widths(hidden, "hidden")):
        h = keras.layers.Dense(width, activation="relu", name=f"dense{i + 1}")(
            h
        )
    x = keras.layers.Dense(output_dim, name="x")(h)
    return keras.Model(z, x, name="generator")


def build_dense_discriminator(
    input_dim: int = 1, hidden: Sequence[int] = (32, 32)
) -> keras.Model:
    """A dense discriminator: x → leaky-ReLU layers → one logit a, with D(x) =
    σ(a).

    Returning the logit instead of σ(a) lets the losses use the numerically
    stable log σ(a) = -softplus(-a).
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


def build_conditional_generator(
    latent_dim: int = 32, n_classes: int = 10, filters: int = 32
) -> keras.Model:
    """A conditional DCGAN generator for 14 × 14 images.

    [z, one-hot class] → dense 7 × 7 × 2·filters → batch norm → ReLU →
    transposed convolution (stride 2) to 14 × 14 × filters → batch norm → ReLU
    → 3 × 3 convolution with tanh to one channel in [-1, 1].
    """
    import keras

    layers = keras.layers
    latent_dim, n_classes = (
        check_int(latent_dim, "latent_dim"),
        check_int(n_classes, "n_classes", minimum=2),
    )
    filters = check_int(filters, "filters")
    z = keras.Input(shape=(latent_dim,), name="z")
    c = keras.Input(shape=(n_classes,), name="class")
    h = layers.Concatenate(name="z_and_class")([z, c])
    h = layers.Dense(7 * 7 * 2 * filters, use_bias=False, name="project")(h)
    h = layers.ReLU(name="relu1")(layers.BatchNormalization(name="bn1")(h))
    h = layers.Reshape((7, 7, 2 * filters), name="reshape")(h)
    h = layers.Conv2DTranspose(
        filters, 4, strides=2, padding="same", use_bias=False, name="up"
    )(h)
    h = layers.ReLU(name="relu2")(layers.BatchNormalization(name="bn2")(h))
    x = layers.Conv2D(1, 3, padding="same", activation="tanh", name="image")(h)
    return keras.Model([z, c], x, name="conditional_generator")


def build_conditional_discriminator(
    n_classes: int = 10, filters: int = 32
) -> keras.Model:
    """A conditional DCGAN discriminator for 14 × 14 images.

    The class is turned into a learned 14 × 14 map and stacked with the image
    as a second channel; two strided 4 × 4 convolutions with leaky ReLU (no
    pooling, as in DCGAN) and a dense layer give one logit.
    """
    import keras

    layers = keras.layers
    n_classes, filters = (
        check_int(n_classes, "n_classes", minimum=2),
        check_int(filters, "filters"),
    )
    x = keras.Input(shape=(14, 14, 1), name="image")
    c = keras.Input(shape=(n_classes,), name="class")
    c_map = layers.Reshape((14, 14, 1), name="class_map")(
        layers.Dense(14 * 14, name="embed")(c)
    )
    h = layers.Concatenate(name="image_and_class")([x, c_map])
    h = layers.LeakyReLU(0.2, name="leaky1")(
        layers.Conv2D(filters, 4, strides=2, padding="same", name="conv1")(h)
    )
    h = layers.LeakyReLU(0.2, name="leaky2")(
        layers.Conv2D(2 * filters, 4, strides=2, padding="same", name="conv2")(
            h
        )
    )
    logit = layers.Dense(1, name="logit")(layers.Flatten(name="flatten")(h))
    return keras.Model([x, c], logit, name="conditional_discriminator")


def discriminator_loss(
    real_logits: tf.Tensor, fake_logits: tf.Tensor
) -> tf.Tensor:
    """Binary cross-entropy of the discriminator, averaged over the batch:
    -[log D(x) + log(1 - D(G(z)))] with D = σ(a), i.e. softplus(-a_real) +
    softplus(a_fake)."""
    import tensorflow as tf

    return tf.reduce_mean(tf.nn.softplus(-real_logits)) + tf.reduce_mean(
        tf.nn.softplus(fake_logits)
    )


def generator_loss(
    fake_logits: tf.Tensor, kind: str = "non-saturating"
) -> tf.Tensor:
    """Loss the generator minimises, from the discriminator's logits a on
    fakes.

    "minimax":        log(1 - D(G(z))) = -softplus(a)
                      (saturates when D rejects the fakes)
    "non-saturating": -log D(G(z))     =  softplus(-a)
    """
    import tensorflow as tf

    # checked here, not with a helper: this runs inside tf.function
    if kind not in GENERATOR_LOSSES:
        raise ValueError(
            f"kind must be one of {GENERATOR_LOSSES}; got {kind!r}"
        )
    if kind == "minimax":
        return -tf.reduce_mean(tf.nn.softplus(fake_logits))
    return tf.reduce_mean(tf.nn.softplus(-fake_logits))


def _check_model(
    model: Any, name: str, n_inputs: tuple[int, ...] = (1, 2)
) -> None:
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(
            f"{name} must be a keras.Model; got {type(model).__name__}"
        )
    if len(model.inputs) not in n_inputs:
        raise ValueError(
            f"{name} must have {' or '.join(map(str, n_inputs))} inputs; "
            f"got {len(model.inputs)}"
        )


def _check_optimizer(optimizer: Any, name: str) -> None:
    if not callable(getattr(optimizer, "apply_gradients", None)):
        raise TypeError(
            f"{name} must be a Keras optimizer (with apply_gradients); got "
            f"{type(optimizer).__name__}"
        )


def _with_class(x: Any, classes: Any) -> Any:
    return x if classes is None else [x, classes]


def make_discriminator_step(
    discriminator: keras.Model, optimizer: Any
) -> Callable:
    """Return a compiled function step(real, fake, classes=None) -> loss that
    makes one optimiser step on the discriminator loss for a batch of real and
    fake examples (and their one-hot classes, for a conditional
    discriminator)."""
    import tensorflow as tf

    _check_model(discriminator, "discriminator")
    _check_optimizer(optimizer, "optimizer")

    @tf.function(autograph=False)  # plain Python control flow only
    def step(real, fake, classes=None):
        with tf.GradientTape() as tape:
            real_logits = discriminator(
                _with_class(real, classes), training=True
            )
            fake_logits = discriminator(
                _with_class(fake, classes), training=True
            )
            loss = discriminator_loss(real_logits, fake_logits)
        grads = tape.gradient(loss, discriminator.trainable_variables)
        optimizer.apply_gradients(
            zip(grads, discriminator.trainable_variables)
        )
        return loss

    return step


def make_gan_train_step(
    generator: keras.Model,
    discriminator: keras.Model,
    g_optimizer: Any,
    d_optimizer: Any,
    *,
    loss: str = "non-saturating",
    seed: SeedLike = None,
) -> Callable:
    """Return a compiled function train_step(real, classes=None) -> (d_loss,
    g_loss).

    One call alternates the two players on a batch: one step of the
    discriminator on the real batch against fresh fakes, then one step of the
    generator on new noise, against the updated discriminator. With classes
    (one-hot, shape (batch, n_classes)) both networks are conditioned on them
    and the fakes get the classes of the real batch.
    """
    import tensorflow as tf

    _check_model(generator, "generator")
    _check_optimizer(g_optimizer, "g_optimizer")
    _check_optimizer(d_optimizer, "d_optimizer")
    kind = check_choice(loss, "loss", GENERATOR_LOSSES)
    latent_dim = int(generator.inputs[0].shape[-1])
    noise = tf.random.Generator.from_seed(
        int(as_generator(seed).integers(2**31))
    )
    d_step = make_discriminator_step(discriminator, d_optimizer)

    @tf.function(autograph=False)  # plain Python control flow only
    def train_step(real, classes=None):
        n = tf.shape(real)[0]
        fake = generator(
            _with_class(noise.normal((n, latent_dim)), classes), training=True
        )
        d_loss = d_step(real, fake, classes)
        with tf.GradientTape() as tape:
            fake = generator(
                _with_class(noise.normal((n, latent_dim)), classes),
                training=True,
            )
            fake_logits = discriminator(
                _with_class(fake, classes), training=True
            )
            g_loss = generator_loss(fake_logits, kind)
        grads = tape.gradient(g_loss, generator.trainable_variables)
        g_optimizer.apply_gradients(zip(grads, generator.trainable_variables))
        return d_loss, g_loss

    return train_step


def generate(
    generator: keras.Model,
    n: int,
    *,
    classes: Any = None,
    seed: SeedLike = None,
) -> np.ndarray:
    """Draw n samples G(z) with z ~ N(0, I) (inference mode) as a NumPy array.

    classes : array_like of int, shape (n,), optional
        Class of each sample, for a conditional generator.
    """
    _check_model(generator, "generator")
    n = check_int(n, "n")
    conditional = len(generator.inputs) == 2
    if conditional != (classes is not None):
        raise ValueError(
            "classes must be given exactly when the generator is conditional"
        )
    z = (
        as_generator(seed)
        .standard_normal((n, int(generator.inputs[0].shape[-1])))
        .astype("float32")
    )
    if classes is not None:
        n_classes = int(generator.inputs[1].shape[-1])
        classes = check_array(classes, "classes", ndim=1, dtype=None)
        if (
            classes.shape != (n,)
            or classes.dtype.kind not in "iu"
            or np.any(classes < 0)
            or np.any(classes >= n_classes)
        ):
            raise ValueError(
                f"classes must hold {n} integers in [0, {n_classes}); got "
                f"{classes!r}"
            )
        classes = np.eye(n_classes, dtype="float32")[classes]
    return np.asarray(generator(_with_class(z, classes), training=False))


def _as_tensor(value: Any, name: str) -> tf.Tensor:
    import tensorflow as tf

    try:
        return tf.convert_to_tensor(value, tf.float32)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"{name} must be a float array or tensor; got "
            f"{type(value).__name__}"
        ) from err


def _check_penalty_values(
    real: np.ndarray, fake: np.ndarray, epsilon: np.ndarray
) -> None:
    for name, value in (("real", real), ("fake", fake), ("epsilon", epsilon)):
        check_array(value, name)
    if epsilon.size and (epsilon.min() < 0 or epsilon.max() > 1):
        raise ValueError(
            f"epsilon must lie in [0, 1]; got values from {epsilon.min()} to "
            f"{epsilon.max()}"
        )


def gradient_penalty(
    critic: keras.Model, real: Any, fake: Any, epsilon: Any
) -> tf.Tensor:
    """The gradient penalty of WGAN-GP, mean over the batch of (‖∇f(x̂)‖₂ -
    1)².

    The critic f is evaluated at points x̂ = ε·x_real + (1 - ε)·x_fake on the
    straight lines between real and fake examples, with one ε in [0, 1] per
    example.
    """
    import tensorflow as tf

    _check_model(critic, "critic", (1,))
    real, fake = (
        _as_tensor(v, name) for v, name in ((real, "real"), (fake, "fake"))
    )
    if real.shape != fake.shape:
        raise ValueError(
            f"real and fake must have the same shape; got {real.shape} and "
            f"{fake.shape}"
        )
    if real.shape[1:] != tuple(critic.inputs[0].shape[1:]):
        raise ValueError(
            f"real and fake must be batches of the critic's input shape "
            f"{tuple(critic.inputs[0].shape[1:])}; got {real.shape}"
        )
    epsilon = tf.convert_to_tensor(epsilon, tf.float32)
    if epsilon.shape != (real.shape[0],):
        raise ValueError(
            f"epsilon must have shape ({real.shape[0]},), one per example; "
            f"got {epsilon.shape}"
        )
    # values can only be checked outside tf.function
    if tf.executing_eagerly():
        _check_penalty_values(real.numpy(), fake.numpy(), epsilon.numpy())
    epsilon = tf.reshape(epsilon, [-1] + [1] * (len(real.shape) - 1))
    x_hat = epsilon * real + (1.0 - epsilon) * fake
    with tf.GradientTape() as tape:
        tape.watch(x_hat)
        f = critic(x_hat, training=True)
    grad = tf.reshape(tape.gradient(f, x_hat), [real.shape[0], -1])
    return tf.reduce_mean((tf.norm(grad, axis=1) - 1.0) ** 2)
