"""The meaning checks, one module each; `briefing.verification.meaning` runs them in order."""
