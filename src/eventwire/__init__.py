"""eventwire: dated news articles in, verifiable political events out."""

__version__ = "0.1.0"
