"""Shared Brian2 helpers: import with a code-generation target, unit checks,
seeding.

Every Brian2 module of the package (``spiking``, ``hodgkin_huxley``,
``plasticity``, ``networks``, ``conversion``) uses these helpers, so that the
conventions of Part IV hold everywhere: Brian2 is imported only when a
simulation runs (``import neurocomp.spiking`` stays cheap and NumPy-only
functions work without it), each simulation builds its own explicit
brian2.Network, takes a ``seed``, and checks that physical arguments are Brian2
quantities with the right dimensions.

Code generation. Brian2 turns model equations into code for a *target*. The
``"numpy"`` target (CODEGEN_TARGET) runs at once and suits single neurons; the
``"cython"`` target (COMPILED_TARGET) compiles C code, which costs seconds the
first time a model is seen but runs networks many times faster. The compiled
extensions are cached on disk (see cython_cache_dir) and reused by every later
run with the same equations.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .utils import SeedLike, as_generator, check_array, check_choice

__all__ = [
    "CODEGEN_TARGET",
    "COMPILED_TARGET",
    "import_brian2",
    "unit",
    "si_factor",
    "check_quantity",
    "reject_quantity",
    "as_si",
    "default_quantity",
    "default_si",
    "model_params",
    "seed_brian",
    "cython_cache_dir",
]

#: Default code-generation target: interpreted NumPy code, no compilation.
CODEGEN_TARGET = "numpy"
#: Target for networks: C code compiled by Cython and cached on disk.
COMPILED_TARGET = "cython"
#: Optimisation level of the compiled code (Brian2's default is -O3).
COMPILE_OPTIMISATION = "-O1"

_SI = {
    "ms": 1e-3,
    "mV": 1e-3,
    "Mohm": 1e6,
    "nA": 1e-9,
    "pF": 1e-12,
    "nS": 1e-9,
    "uF": 1e-6,
    "mS": 1e-3,
    "uA": 1e-6,
    "cm2": 1e-4,
    "Hz": 1.0,
    "second": 1.0,
}


def import_brian2(target: str = CODEGEN_TARGET):
    """Import Brian2 and select its code-generation target.

    Parameters
    ----------
    target : {"numpy", "cython"}
        Code-generation target for the objects that run next.

    Returns
    -------
    module
        The ``brian2`` module.
    """
    check_choice(target, "target", (CODEGEN_TARGET, COMPILED_TARGET))
    import brian2 as b2

    b2.prefs.codegen.target = target
    if target == COMPILED_TARGET:
        # The book's simulations are short: compiling at -O1 instead of
        # Brian2's -O3 saves about a third of the compile time on a machine
        # that has never run them, and the compiled code runs as fast for these
        # models (measured on the Brunel network).
        flags = b2.prefs.codegen.cpp.extra_compile_args_gcc
        b2.prefs.codegen.cpp.extra_compile_args_gcc = [
            COMPILE_OPTIMISATION if flag.startswith("-O") else flag
            for flag in flags
        ]
    return b2


def _split_spec(spec: Any, known) -> tuple[str, str]:
    """The numerator and denominator names of ``spec``, each checked with
    ``known(name)``."""
    parts = spec.partition("/") if isinstance(spec, str) else ("", "", "")
    num, _, den = parts
    if not num or not known(num) or (den and not known(den)):
        raise ValueError(
            f"spec must name a unit as 'name' or 'name/name' (e.g. 'ms', "
            f"'uF/cm2'); got spec={spec!r}"
        )
    return num, den


def unit(spec: str):
    """The Brian2 unit written as ``"name"`` or ``"name/name"``, e.g.
    ``"uF/cm2"``."""
    import brian2 as b2

    num, den = _split_spec(
        spec, lambda n: isinstance(getattr(b2, n, None), b2.Unit)
    )
    return getattr(b2, num) / getattr(b2, den) if den else getattr(b2, num)


def si_factor(spec: str) -> float:
    """The size of the unit ``spec`` in SI units, without importing Brian2
    (``"ms"`` -> 1e-3)."""
    num, den = _split_spec(spec, _SI.__contains__)
    return _SI[num] / (_SI[den] if den else 1.0)


def default_quantity(defaults: Mapping[str, tuple[float, str]], name: str):
    """The default parameter ``name`` of a table of (value, unit spec), as a
    Brian2 quantity."""
    value, spec = defaults[name]
    return value * unit(spec)


def default_si(defaults: Mapping[str, tuple[float, str]], name: str) -> float:
    """The default parameter ``name`` of a table of (value, unit spec), in SI
    units (no Brian2)."""
    value, spec = defaults[name]
    return value * si_factor(spec)


def check_quantity(
    value: Any, name: str, unit, *, positive: bool = False, scalar: bool = True
):
    """Check that ``value`` is a finite Brian2 quantity with the dimensions of
    ``unit``.

    Plain numbers are accepted only for dimensionless units. Raises TypeError
    for wrong dimensions, ValueError for a non-finite, non-scalar (if
    ``scalar``) or non-positive (if ``positive``) value; returns ``value``
    unchanged.
    """
    import brian2 as b2  # leaves the code-generation target as it is

    if (
        isinstance(value, bool)
        or not isinstance(value, (b2.Quantity, numbers.Real))
        or not b2.have_same_dimensions(value, unit)
    ):
        text = str(
            unit
            if isinstance(unit, b2.Unit)
            else b2.get_unit(b2.get_dimensions(unit))
        )
        hint = (
            f" (a plain number has no unit: write e.g. {value!r} * {text})"
            if isinstance(value, numbers.Real) and not isinstance(value, bool)
            else ""
        )
        raise TypeError(
            f"{name} must be a Brian2 quantity in units of {text}; "
            f"got {value!r}{hint}"
        )
    arr = np.asarray(value, dtype=float)
    if (scalar and arr.ndim != 0) or not np.all(np.isfinite(arr)):
        want = "a finite scalar" if scalar else "finite"
        raise ValueError(f"{name} must be {want}; got {name}={value!r}")
    if positive and not np.all(arr > 0):
        raise ValueError(f"{name} must be positive; got {name}={value!r}")
    return value


def reject_quantity(value: Any, name: str, expected: str) -> None:
    """Raise TypeError if ``value`` is a Brian2 quantity with a unit where
    plain numbers are read in ``expected`` units (NumPy would silently turn
    ``10 * ms`` into 0.01)."""
    if not getattr(value, "is_dimensionless", True):
        raise TypeError(
            f"{name} must be plain numbers in {expected}, not a Brian2 "
            "quantity "
            f"(divide it by the unit first); got {value!r}"
        )


def as_si(value: Any, name: str, spec: str) -> np.ndarray:
    """A float array in SI units from a Brian2 quantity or from plain numbers
    (read as SI)."""
    if hasattr(value, "dim"):  # a Brian2 quantity, so Brian2 is loaded already
        check_quantity(value, name, unit(spec), scalar=False)
    return check_array(value, name)


def model_params(
    defaults: Mapping[str, tuple[float, str]],
    prefix: str,
    overrides: Mapping[str, Any],
    positive: Iterable[str] = (),
) -> dict:
    """Namespace of the model ``prefix``: its defaults, replaced by checked
    ``overrides``.

    ``defaults`` maps names such as ``"LIF_TAU_M"`` to (value, unit spec); the
    parameter is called ``tau_m`` in the namespace. Entries ending in ``_DT``
    are time steps, not parameters, and are left out. Unknown overrides raise
    TypeError.
    """
    keys = {
        k[len(prefix) + 1 :].lower(): k
        for k in defaults
        if k.startswith(prefix + "_")
    }
    keys.pop("dt", None)
    unknown = sorted(set(overrides) - set(keys))
    if unknown:
        raise TypeError(
            f"unknown parameter(s) {unknown} for the {prefix} model; "
            f"expected some of {sorted(keys)}"
        )
    pos = set(positive)
    out = {}
    for p, k in keys.items():
        value, spec = defaults[k]
        out[p] = (
            check_quantity(overrides[p], p, unit(spec), positive=p in pos)
            if p in overrides
            else value * unit(spec)
        )
    return out


def seed_brian(b2, seed: SeedLike) -> None:
    """Seed Brian2's random numbers from ``seed`` (an int, a Generator or
    None)."""
    b2.seed(int(as_generator(seed).integers(2**31 - 1)))


def cython_cache_dir() -> Path:
    """The folder where Brian2 keeps the compiled Cython extensions between
    runs."""
    import brian2 as b2

    cache = b2.prefs.codegen.runtime.cython.cache_dir
    if cache is None:
        from brian2.codegen.runtime.cython_rt.extension_manager import (
            get_cython_cache_dir,
        )

        cache = get_cython_cache_dir()
    return Path(cache)
