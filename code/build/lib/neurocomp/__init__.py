"""Neurocomputing: the code of the textbook."""

__version__ = "0.1.0"
