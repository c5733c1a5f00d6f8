"""The point of a merged judgment: one short model call per group, checked by the verifier.

With the embedded 135M model the call shows the question and the words the group's
sentences share, not the sentences: shown them, it copies the first one (BENCHMARKS.md,
"Merged judgments led by their point"). A capable endpoint is shown the sentences as well.
Whatever comes back is only a candidate: compose publishes it above the quotations only when
the verifier passes it against all of the group's citations, each one contributing.
"""

from __future__ import annotations

import threading

import jinja2
from pydantic import BaseModel, Field

from briefing.compose import PointWriter
from briefing.core.config import Settings
from briefing.core.errors import ModelOutputError
from briefing.core.models import Document, Sentence
from briefing.core.protocols import Progress, ReplyCache
from briefing.generation import llm, prompting

POINT_TEMPLATES = ("point.system.j2", "point.user.j2")
POINT_MAX_TOKENS = 80


class PointAnswer(BaseModel):
    """The model's reply: one sentence."""

    point: str = Field(description="One short sentence: what all the sources say.")


def point_writer(
    client: llm.Client,
    endpoint: llm.Endpoint,
    settings: Settings,
    cache: ReplyCache | None,
    documents: dict[str, Document],
    progress: Progress,
    usage: llm.Usage,
) -> PointWriter | None:
    """Ask the endpoint for a merged group's point (its tokens added to `usage`); None when
    the prompts folder has no point templates (an export made before they existed: the
    groups stay quotations)."""
    directory = prompting.prompts_dir(settings.prompts)
    if not all((directory / name).is_file() for name in POINT_TEMPLATES):
        progress(
            f"no {' / '.join(POINT_TEMPLATES)} in {directory}: a merged judgment is led by a"
            " point only when one of its own sentences makes it (briefing prompts export"
            " --force restores the templates)"
        )
        return None
    env = prompting.environment(directory)
    system = prompting.render(env, POINT_TEMPLATES[0])
    lock = threading.Lock()
    asked = 0

    def write(words: list[str], groups: list[list[Sentence]]) -> list[str]:
        nonlocal asked
        asked += 1
        progress(f"asking for the point of merged judgment {asked}")
        user = _user(env, settings.topic, words, groups, documents, show=not endpoint.embedded)
        try:
            result = llm.complete_json(
                client,
                endpoint,
                [{"role": "system", "content": system}, {"role": "user", "content": user}],
                PointAnswer,
                cache,
                max_tokens=POINT_MAX_TOKENS,
                use_cache=not settings.no_cache,
                lock=lock,
            )
        except ModelOutputError:
            # No usable sentence: the group is shown as its quotations, as without the call.
            return []
        usage.add(result.usage)
        text = " ".join(result.value.point.split())
        return [text] if text else []

    return write


def _user(
    env: jinja2.Environment,
    topic: str,
    words: list[str],
    groups: list[list[Sentence]],
    documents: dict[str, Document],
    *,
    show: bool,
) -> str:
    """The user message: the question, the shared words, and (for a capable model) the sentences."""
    sources: list[prompting.PromptSource] = []
    if show:
        n = 1
        for i, group in enumerate(groups):
            labelled = []
            for s in group:
                labelled.append(prompting.PromptSentence(label=f"S{n}", sentence=s))
                n += 1
            doc = group[0].doc
            sources.append(
                prompting.PromptSource(
                    label=prompting.source_letter(i),
                    doc=doc,
                    attribution=prompting.attribution(documents.get(doc), doc),
                    sentences=labelled,
                )
            )
    return prompting.render(
        env,
        POINT_TEMPLATES[1],
        topic=topic,
        words=words,
        sources=sources,
        fence=prompting.fence_for(sources) if sources else "",
    )
