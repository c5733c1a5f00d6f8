"""briefing: turn a folder of source documents into a short cited briefing, and prove every citation."""

__version__ = "0.1.0"
