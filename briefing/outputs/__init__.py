"""What a run leaves behind: briefing.md and its HTML page, the diff of two runs, and the
scheduled digest."""
