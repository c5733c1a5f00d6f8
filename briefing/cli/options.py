"""The options commands share, declared once (generate and digest take the same model options)."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from briefing.cli.main import settings_from
from briefing.core.config import Settings

CorpusArg = Annotated[
    Path | None, typer.Argument(help="Folder of .txt/.md articles (default: seeds).")
]
CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="Folder of .txt/.md articles.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
TopicOpt = Annotated[str | None, typer.Option("--topic", help="The question to brief on.")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Where runs are written.")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="Model name at the endpoint.")]
BaseUrlOpt = Annotated[
    str | None, typer.Option("--base-url", help="OpenAI-compatible endpoint (default: embedded).")
]
StrategyOpt = Annotated[str | None, typer.Option("--strategy", help="auto, map-reduce or single.")]
ConcurrencyOpt = Annotated[int | None, typer.Option("--concurrency", help="Parallel model calls.")]
ApiKeyOpt = Annotated[
    str | None,
    typer.Option("--api-key", help="API key (prefer OPENAI_API_KEY).", show_default=False),
]
UnverifiedOpt = Annotated[
    str | None, typer.Option("--unverified", help="keep (under an Unverified heading) or drop.")
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Ignore cached model replies.")]
DatabaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="postgresql://user@host/db: a team archive on PostgreSQL (default: SQLite under"
        " BRIEFING_HOME). Prefer BRIEFING_DATABASE_URL and ~/.pgpass for the password.",
        show_default=False,
    ),
]
_TUNING = "Tuning (also BRIEFING_* variables and briefing.toml)"


def _tuning(flag: str, help_text: str) -> Any:
    """A tuning flag: listed under its own --help panel, like every setting it mirrors."""
    return typer.Option(flag, help=help_text, rich_help_panel=_TUNING)


PromptsOpt = Annotated[
    Path | None,
    _tuning("--prompts", "Folder of prompt templates (default: ./prompts, else the shipped ones)."),
]
PassagesOpt = Annotated[
    int | None, _tuning("--passages", "Passages retrieved: the pool triage chooses calls from.")
]
PerDocOpt = Annotated[
    int | None,
    _tuning(
        "--per-doc",
        "At most this many map calls from one document (map-reduce reads twice as many passages).",
    ),
]
MapCallsOpt = Annotated[
    int | None, _tuning("--map-calls", "map-reduce: model calls, one per sentence triage chose.")
]
PromptTokensOpt = Annotated[
    int | None, _tuning("--prompt-tokens", "Evidence budget of one prompt, in tokens.")
]
MaxClaimsOpt = Annotated[int | None, _tuning("--max-claims", "Most judgments in the briefing.")]
SupportThresholdOpt = Annotated[
    float | None,
    _tuning("--support-threshold", "Least support (0-1) for a citation to carry its claim."),
]
TimeoutOpt = Annotated[float | None, _tuning("--timeout", "Seconds per model request.")]
MaxRetriesOpt = Annotated[int | None, _tuning("--max-retries", "Retries on 429, 5xx and timeouts.")]
ThreadsOpt = Annotated[int | None, _tuning("--threads", "llama.cpp threads (default: all cores).")]
JudgeOpt = Annotated[
    str | None,
    typer.Option(
        "--judge",
        help="auto (default: on for any endpoint but the embedded model), off, or model:"
        " ask the model about the checks' soft doubts (only its no rejects) and whether each"
        " claim they pass is entailed by its cited text (it can only reject).",
    ),
]

# The options `generate` and `digest` share, defined once: name -> (annotation, default).
MODEL_OPTIONS: dict[str, tuple[Any, Any]] = {
    "topic": (TopicOpt, None),
    "corpus": (CorpusOpt, None),
    "out_dir": (OutOpt, None),
    "model": (ModelOpt, None),
    "base_url": (BaseUrlOpt, None),
    "api_key": (ApiKeyOpt, None),
    "strategy": (StrategyOpt, None),
    "concurrency": (ConcurrencyOpt, None),
    "unverified": (UnverifiedOpt, None),
    "no_cache": (NoCacheOpt, False),
    "prompts": (PromptsOpt, None),
    "passages": (PassagesOpt, None),
    "per_doc": (PerDocOpt, None),
    "map_calls": (MapCallsOpt, None),
    "prompt_tokens": (PromptTokensOpt, None),
    "max_claims": (MaxClaimsOpt, None),
    "support_threshold": (SupportThresholdOpt, None),
    "timeout": (TimeoutOpt, None),
    "max_retries": (MaxRetriesOpt, None),
    "threads": (ThreadsOpt, None),
    "judge": (JudgeOpt, None),
    "database_url": (DatabaseUrlOpt, None),
}


def with_model_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the shared model options (first in --help) in place of `resolve_settings`.

    The command is handed `resolve_settings()`, which turns those flags into Settings; it calls
    it inside `guarded()`, so a bad setting is one error line like any other.
    """
    hints = typing.get_type_hints(command, include_extras=True)  # the Annotated typer options
    own = [
        p.replace(annotation=hints[p.name])
        for p in inspect.signature(command).parameters.values()
        if p.name != "resolve_settings"
    ]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=ann, default=default)
        for name, (ann, default) in MODEL_OPTIONS.items()
    ]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        flags = {name: kwargs.pop(name) for name in MODEL_OPTIONS}

        # --out is the `out` setting; an absent --no-cache leaves the env/toml value alone.
        flags["out"] = flags.pop("out_dir")
        flags["no_cache"] = True if flags["no_cache"] else None

        def resolve() -> Settings:
            return settings_from(**flags)

        command(resolve_settings=resolve, **kwargs)

    params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]
    wrapper.__signature__ = inspect.Signature(shared + params)  # type: ignore[attr-defined]
    return wrapper
