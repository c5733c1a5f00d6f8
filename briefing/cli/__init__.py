"""The command line: the only place that prints or exits. `app` is the `briefing` command.

`main` holds the app and what every command shares (consoles, progress, errors, settings);
each command module registers its commands on that app when imported here.
"""

# ruff: noqa: I001 - imported in the order `briefing --help` lists the commands.
from briefing.cli.main import app, hoist_global_flags
from briefing.cli import sources
from briefing.cli import runs
from briefing.cli import scheduled
from briefing.cli import maintenance
from briefing.cli.options import MODEL_OPTIONS

__all__ = [
    "MODEL_OPTIONS",
    "app",
    "hoist_global_flags",
    "maintenance",
    "runs",
    "scheduled",
    "sources",
]
