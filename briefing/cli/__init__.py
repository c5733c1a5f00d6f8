"""The command line: the only place that prints or exits. `app` is the `briefing` command."""

from briefing.cli.main import MODEL_OPTIONS, app, hoist_global_flags

__all__ = ["MODEL_OPTIONS", "app", "hoist_global_flags"]
