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
