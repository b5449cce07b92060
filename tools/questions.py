"""The review questions of a chapter, in the format of CONTRIBUTING.md ("Review questions").

A chapter asks its questions under the heading "Check your understanding" as paragraphs
``**Q<n>** (<kind>, <difficulty>) ...`` and answers them under "Answers to the review
questions" in admonitions titled ``Answer Q<n>`` with ``:class: dropdown``. This module reads
both and reports what does not fit, so that a test can hold every chapter to the format.

    python tools/questions.py            # count the questions of every chapter by kind
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("explain", "derive", "compute", "code")
MINIMUM = 8
QUESTIONS_HEADING = "## Check your understanding"
ANSWERS_HEADING = "## Answers to the review questions"
_QUESTION = re.compile(r"^\*\*Q(\d+)\*\* \((\w+), (★{1,3})\)", re.M)
_ANSWER = re.compile(r"^[`:]{3,}\{admonition\} Answer Q(\d+)\n:class: dropdown\n", re.M)


def chapters(root: Path = ROOT) -> list[Path]:
    """The numbered chapters of Parts I to IV (not overviews, exercises or front matter)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    pages = []
    for part in toc["parts"]:
        if part.get("caption", "").startswith("Part "):
            pages += [root / f"{c['file']}.md" for c in part["chapters"]
                      if not c["file"].endswith("/index")]
    return pages


def _section(text: str, heading: str) -> str | None:
    start = text.find("\n" + heading + "\n")
    if start < 0:
        return None
    rest = text[start + len(heading) + 2:]
    end = re.search(r"^## ", rest, re.M)
    return rest[: end.start()] if end else rest


def read(text: str) -> tuple[list[tuple[int, str, str]], list[int], list[str]]:
    """Questions (number, kind, difficulty), answered numbers, and the problems found."""
    problems = []
    asked = _section(text, QUESTIONS_HEADING)
    answered = _section(text, ANSWERS_HEADING)
    if asked is None:
        return [], [], [f'no section "{QUESTIONS_HEADING[3:]}"']
    if answered is None:
        problems.append(f'no section "{ANSWERS_HEADING[3:]}"')
        answered = ""
    questions = [(int(n), kind, stars) for n, kind, stars in _QUESTION.findall(asked)]
    answers = [int(n) for n in _ANSWER.findall(answered)]
    numbers = [n for n, _, _ in questions]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"questions are not numbered Q1, Q2, ... in order: {numbers}")
    if len(questions) < MINIMUM:
        problems.append(f"{len(questions)} questions, at least {MINIMUM} expected")
    problems += [f"Q{n} has the unknown kind {kind!r} (expected one of {KINDS})"
                 for n, kind, _ in questions if kind not in KINDS]
    if sorted(answers) != sorted(numbers):
        problems.append(f"questions {sorted(set(numbers) - set(answers))} have no answer and "
                        f"answers {sorted(set(answers) - set(numbers))} no question")
    if text.find(QUESTIONS_HEADING) > text.find(ANSWERS_HEADING) >= 0:
        problems.append("the answers come before the questions")
    return questions, answers, problems


def main() -> int:
    failed = False
    for page in chapters():
        questions, _, problems = read(page.read_text())
        kinds = Counter(kind for _, kind, _ in questions)
        summary = ", ".join(f"{kinds[k]} {k}" for k in KINDS)
        print(f"{page.relative_to(ROOT)}: {len(questions)} questions ({summary})")
        for problem in problems:
            failed = True
            print(f"  - {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
