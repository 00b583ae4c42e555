"""Coverage forensics: source overlap, figure discrepancies and timelines over a news corpus."""

__version__ = "0.1.0"
