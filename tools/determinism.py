"""Do two executions of a page give the same outputs? (TensorFlow op determinism.)

``tools/execute.py`` executes one Keras page a second time in every run that executes it
(``TWICE``) and compares the two notebooks with ``differences``: every text output and
every image must be identical, apart from timings ("3.2 s", "41 ms/step"), which are
masked. The build report prints the result; a difference fails the run and names the
cell.
"""

from __future__ import annotations

import re

#: The page executed twice: it trains Keras models with dropout, batch normalisation and
#: several optimisers, so that any source of run-to-run variation would show.
TWICE = "book/deep/deep-networks.md"
TIMING = re.compile(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?\s*(?:ms|µs|us|s|sec|seconds|min)\b(?:/step)?")


def output_texts(cell: dict) -> list[str]:
    """What a code cell showed: its stdout and its stderr (each as one text: how the kernel
    happened to split a stream into messages does not matter), then its other outputs,
    text as text and images as their encoded bytes."""
    streams: dict[str, str] = {}
    shown = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            name = output.get("name", "stdout")
            streams[name] = streams.get(name, "") + output.get("text", "")
        for mime, value in sorted(output.get("data", {}).items()):
            text = "".join(value) if isinstance(value, list) else str(value)
            shown.append(mime + ":" + (TIMING.sub("<time>", text) if mime.startswith("text/")
                                       else text))
    return [f"{name}:" + TIMING.sub("<time>", text) for name, text in sorted(streams.items())] + shown


def first_difference(a: list[str], b: list[str]) -> str:
    """The first line in which two cells' outputs differ, as "'...' vs '...'"."""
    lines_a, lines_b = "\n".join(a).splitlines(), "\n".join(b).splitlines()
    for x, y in zip(lines_a, lines_b):
        if x != y:
            return f"{x[:100]!r} vs {y[:100]!r}"
    return f"{len(a)} vs {len(b)} outputs"


def differences(first: dict, second: dict) -> tuple[int, list[str]]:
    """Number of outputs compared, and a description of every code cell that differs."""
    cells = [(a, b) for a, b in zip(first["cells"], second["cells"]) if a["cell_type"] == "code"]
    compared, problems = 0, []
    for index, (a, b) in enumerate(cells, start=1):
        shown_a, shown_b = output_texts(a), output_texts(b)
        compared += len(shown_a)
        if shown_a != shown_b:
            problems.append(f"code cell {index}: " + first_difference(shown_a, shown_b))
    return compared, problems
