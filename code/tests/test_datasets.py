"""Tests of :mod:`neurocomp.datasets`."""

import hashlib
from pathlib import Path

import pytest

from neurocomp.datasets import SHAKESPEARE_SHA256, DatasetError, load_shakespeare


def test_load_shakespeare_is_the_shipped_text():
    text = load_shakespeare()
    assert isinstance(text, str)
    assert len(text) == 361_371
    assert len(set(text)) == 73
    assert hashlib.sha256(text.encode("ascii")).hexdigest() == SHAKESPEARE_SHA256
    assert text.startswith("MACBETH\n")
    for title in ("JULIUS CAESAR", "ROMEO AND JULIET"):
        assert title in text
    assert "gutenberg" not in text.lower()  # no licence boilerplate left


def test_load_shakespeare_from_an_explicit_copy(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text(load_shakespeare(), encoding="ascii", newline="\n")
    assert load_shakespeare(path=copy) == load_shakespeare()
    assert load_shakespeare(path=str(copy)) == load_shakespeare()


def test_load_shakespeare_rejects_a_corrupt_copy(tmp_path):
    corrupt = tmp_path / "corrupt.txt"
    corrupt.write_text(load_shakespeare().replace("Macbeth", "Macbath", 1), encoding="ascii")
    with pytest.raises(DatasetError, match="corrupt or modified"):
        load_shakespeare(path=corrupt)
    assert "Macbath" in load_shakespeare(path=corrupt, verify=False)


def test_load_shakespeare_rejects_non_ascii_bytes(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not ascii")
    with pytest.raises(DatasetError, match="not ASCII"):
        load_shakespeare(path=bad, verify=False)


def test_load_shakespeare_missing_file(tmp_path):
    with pytest.raises(DatasetError, match="missing"):
        load_shakespeare(path=tmp_path / "absent.txt")


def test_load_shakespeare_bad_path_type():
    with pytest.raises(TypeError, match="path must be"):
        load_shakespeare(path=42)


def test_shipped_file_is_in_the_package():
    import neurocomp

    shipped = Path(neurocomp.__file__).parent / "data" / "shakespeare.txt"
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == SHAKESPEARE_SHA256


# --- MNIST and Mackey-Glass ---------------------------------------------------------

import numpy as np  # noqa: E402

from neurocomp.datasets import (  # noqa: E402
    FASHION_MNIST_DIR,
    load_fashion_mnist,
    load_mnist,
    mackey_glass,
    mnist_path,
)

#: Label counts of the canonical MNIST training and test sets (LeCun et al. 1998).
MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_mnist_is_the_canonical_data_set(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert x_train.min() == 0 and x_train.max() == 255
    assert np.bincount(y_train).tolist() == MNIST_TRAIN_COUNTS
    assert np.bincount(y_test).tolist() == MNIST_TEST_COUNTS


def test_mnist_rejects_a_corrupt_archive(tmp_path):
    import zipfile

    broken = tmp_path / "mnist.zarr.zip"
    broken.write_bytes(mnist_path().read_bytes()[:100_000])
    with pytest.raises((DatasetError, zipfile.BadZipFile), match="MNIST|zip"):
        load_mnist(archive=broken)


def test_mnist_detects_modified_data(tmp_path, monkeypatch):
    import neurocomp.datasets as ds

    monkeypatch.setitem(ds.MNIST_SHA256, "test_labels", "0" * 64)
    with pytest.raises(DatasetError, match="test_labels .* corrupt or not the canonical"):
        load_mnist()


def test_mnist_missing_archive(tmp_path):
    with pytest.raises(DatasetError, match="missing"):
        load_mnist(archive=tmp_path / "absent.zarr.zip")


@pytest.mark.skipif(not FASHION_MNIST_DIR.is_dir(), reason="dataset-fashion-mnist not installed")
def test_fashion_mnist_shapes():
    (x_train, y_train), (x_test, y_test) = load_fashion_mnist()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert np.bincount(y_train).tolist() == [6000] * 10


def test_fashion_mnist_missing_files_name_the_fix(tmp_path):
    with pytest.raises(DatasetError, match="apt-get install dataset-fashion-mnist"):
        load_fashion_mnist(tmp_path)


def test_mackey_glass_is_deterministic_and_bounded():
    a = mackey_glass(500)
    b = mackey_glass(500)
    assert a.shape == (500,)
    np.testing.assert_array_equal(a, b)
    assert 0.2 < a.min() and a.max() < 1.5  # the attractor of tau=17 lies within these bounds


def test_mackey_glass_short_delay_is_periodic_not_chaotic():
    # with a short delay the system settles into a limit cycle (the same peak height in
    # every period, up to the sampling every dt); with tau = 17 the peaks wander (chaos)
    def peak_spread(x):
        peaks = [x[i] for i in range(1, len(x) - 1) if x[i - 1] < x[i] > x[i + 1]]
        return np.ptp(peaks[-20:])

    assert peak_spread(mackey_glass(3000, tau=8.0, discard=2000)) < 5e-3
    assert peak_spread(mackey_glass(3000, tau=17.0, discard=2000)) > 0.1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_samples": 0}, "n_samples"),
        ({"n_samples": 2.5}, "n_samples"),
        ({"tau": -1.0}, "tau"),
        ({"dt": 0.0}, "dt"),
        ({"substeps": 0}, "substeps"),
        ({"tau": 17.05}, "tau must be a positive multiple of the integration step"),
        ({"tau": 0.04}, "tau must be a positive multiple"),
        ({"x0": float("nan")}, "x0 must be a finite"),
        ({"x0": "1.2"}, "x0 must be a finite"),
    ],
)
def test_mackey_glass_rejects_bad_arguments(kwargs, message):
    args = {"n_samples": 10, **kwargs}
    with pytest.raises((ValueError, TypeError), match=message):
        mackey_glass(**args)


BAD_DATASET_CALLS = [
    (lambda: load_mnist(verify="no"), TypeError, "verify must be True or False; got 'no'"),
    (lambda: load_mnist(archive=5), TypeError,
     "archive must be a str, a pathlib.Path or None; got 5"),
    (lambda: load_fashion_mnist(5), TypeError,
     "directory must be a str or a pathlib.Path; got 5"),
    (lambda: load_shakespeare(verify=1), TypeError, "verify must be True or False; got 1"),
    (lambda: mackey_glass(10, x0=-1.0, exponent=9.5, discard=0), ValueError,
     "x0 must be a finite non-negative real number; got x0=-1.0"),
    (lambda: mackey_glass(10, x0="1.2"), TypeError, "x0 must be a finite non-negative real"),
    (lambda: mackey_glass(10, x0=True), TypeError, "x0 must be a finite non-negative real"),
]


@pytest.mark.parametrize("call, error, message", BAD_DATASET_CALLS)
def test_datasets_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_mackey_glass_accepts_zero_start():
    series = mackey_glass(20, x0=0.0, discard=0)
    assert np.all(series == 0.0)  # x = 0 is a fixed point of the equation
