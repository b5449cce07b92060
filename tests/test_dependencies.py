"""The executor's dependency analysis: which package modules a page runs."""

from __future__ import annotations

from pathlib import Path

import dependencies


def make_package(root: Path, modules: dict[str, str]) -> None:
    pkg = root / "code" / "src" / "neurocomp"
    pkg.mkdir(parents=True)
    for name, source in modules.items():
        (pkg / f"{name}.py").write_text(source)
    (root / "requirements.txt").write_text("numpy\n")


def test_imports_are_followed_through_the_package(tmp_path):
    make_package(tmp_path, {
        "__init__": "",
        "utils": "import numpy as np\n",
        "linear": "from .utils import check\nfrom . import optim\n",
        "optim": "from neurocomp.utils import check\n",
        "spiking": "import brian2\n",
    })
    page = ["import numpy as np\n%matplotlib inline\n!ls", "from neurocomp.linear import Ridge"]
    assert dependencies.page_modules(page, tmp_path) == ["__init__", "linear", "optim", "utils"]
    assert dependencies.page_modules(["from neurocomp import spiking"], tmp_path) == [
        "__init__", "spiking"]
    assert dependencies.page_modules(["import neurocomp.optim as o"], tmp_path) == [
        "__init__", "optim", "utils"]
    assert dependencies.page_modules(["x = 1"], tmp_path) == ["__init__"]


def test_stamp_changes_with_the_modules_used_and_the_pins_only(tmp_path):
    make_package(tmp_path, {"__init__": "", "a": "A = 1\n", "b": "B = 1\n"})
    before = dependencies.stamp(["__init__", "a"], tmp_path)
    (tmp_path / "code/src/neurocomp/b.py").write_text("B = 2\n")
    assert dependencies.stamp(["__init__", "a"], tmp_path) == before
    (tmp_path / "code/src/neurocomp/a.py").write_text("A = 2\n")
    changed = dependencies.stamp(["__init__", "a"], tmp_path)
    assert changed != before
    (tmp_path / "requirements.txt").write_text("numpy==2.3.5\n")
    assert dependencies.stamp(["__init__", "a"], tmp_path) != changed


def test_data_files_belong_to_the_datasets_module(tmp_path):
    make_package(tmp_path, {"__init__": "", "datasets": "X = 1\n"})
    data = tmp_path / "code/src/neurocomp/data"
    data.mkdir()
    (data / "text.txt").write_text("one")
    before = dependencies.stamp(["__init__", "datasets"], tmp_path)
    (data / "text.txt").write_text("two")
    assert dependencies.stamp(["__init__", "datasets"], tmp_path) != before


def test_a_cell_that_is_not_python_still_yields_its_imports(tmp_path):
    make_package(tmp_path, {"__init__": "", "a": ""})
    cell = "from neurocomp.a import f\nthis is not python ("
    assert dependencies.page_modules([cell], tmp_path) == ["__init__", "a"]


def test_tensorflow_pages_are_recognised(tmp_path):
    make_package(tmp_path, {"__init__": "", "utils": "def setup_tensorflow(): import tensorflow\n",
                            "cnn": "import numpy\n", "cnn_keras": "def f():\n    import keras\n"})
    assert dependencies.uses_tensorflow(["from neurocomp.utils import setup_tensorflow\n"
                                         "keras = setup_tensorflow(1)"], ["utils"], tmp_path)
    assert dependencies.uses_tensorflow(["x = 1"], ["cnn_keras"], tmp_path)
    # utils offers setup_tensorflow to every page: importing utils alone is not TensorFlow
    assert not dependencies.uses_tensorflow(["from neurocomp.cnn import f"], ["cnn", "utils"], tmp_path)
