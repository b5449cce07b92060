"""What the tests of the schematic figures count in a drawn figure (shared by test_diagrams*)."""


def count(fig, kind) -> int:
    """Number of patches of class ``kind`` (Circle, FancyArrowPatch, ...) in the figure."""
    return sum(isinstance(p, kind) for p in fig.axes[0].patches)


def labels(fig) -> list[str]:
    """The texts written on the figure, in drawing order."""
    return [t.get_text() for t in fig.axes[0].texts]
