"""The optional model judge (`--judge model`): does the cited text entail the claim?

The verifier's deterministic checks (`briefing.support`) decide first; the judge is asked
only about a claim they passed, one short request per claim through `llm.complete_json`
(same cache, retries, cost accounting and cassettes as generation). A "no" rejects the
claim; nothing the judge says can rescue a rejected one (`verify.verify_claim` enforces
this, so any `protocols.Judge`, a test's fake included, obeys it). The answer is
an enum (`yes` / `no`) and a length-bounded string, which llama.cpp's grammar enforces.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Literal

import jinja2
from pydantic import Field

from briefing.core.errors import ModelOutputError
from briefing.core.models import JudgeReport, Strict
from briefing.core.protocols import ReplyCache
from briefing.generation import llm, prompting

JUDGE_MAX_TOKENS = 120
REASON_MAX_CHARS = 200


class JudgeAnswer(Strict):
    """What the judge replies: an entailment verdict and a short reason."""

    # An enum, not a bool: llama.cpp's grammar enforces enums, and "yes"/"no" is what
    # the prompt asks a small model for.
    entails: Literal["yes", "no"] = Field(
        description="yes if the cited text states everything the claim states, else no."
    )
    # No `pattern` (llama-cpp-python drops a schema it cannot turn into a grammar), only a bound.
    reason: str = Field(
        min_length=1,
        max_length=REASON_MAX_CHARS,
        description="One short sentence: what differs, or that the text states it.",
    )


def judge_messages(env: jinja2.Environment, claim: str, cited: list[str]) -> list[dict[str, str]]:
    """The judge's system and user messages for one claim and its located texts."""
    # Derived from the evidence itself, like generation's fence: stable for the cache,
    # unguessable by a source that would close its own block.
    fence = hashlib.sha256("\x1f".join([claim, *cited]).encode()).hexdigest()[:10]
    return [
        {"role": "system", "content": prompting.render(env, "judge.system.j2")},
        {
            "role": "user",
            "content": prompting.render(
                env, "judge.user.j2", claim=claim, cited=cited, fence=fence
            ),
        },
    ]


class ModelJudge:
    """A `protocols.Judge` backed by a model endpoint; sums the usage of its calls."""

    def __init__(
        self,
        endpoint: llm.Endpoint,
        env: jinja2.Environment,
        cache: ReplyCache | None = None,
        *,
        use_cache: bool = True,
    ) -> None:
        self.client = llm.make_client(endpoint)
        self.endpoint, self.env, self.cache = endpoint, env, cache
        self.use_cache = use_cache
        self.usage = llm.Usage()
        self.lock = threading.Lock()

    def __call__(self, claim: str, cited: list[str]) -> JudgeReport:
        """One request: the judge's verdict on `claim` given its cited texts."""
        try:
            result = llm.complete_json(
                self.client,
                self.endpoint,
                judge_messages(self.env, claim, cited),
                JudgeAnswer,
                self.cache,
                max_tokens=JUDGE_MAX_TOKENS,
                use_cache=self.use_cache,
                lock=self.lock,
            )
        except ModelOutputError as exc:
            # An unusable reply is not a "no": the claim keeps the deterministic verdict,
            # and the report says the judge could not answer.
            return JudgeReport(verdict="error", reason=f"no usable answer: {exc}"[:300])
        self.usage.add(result.usage)
        reason = " ".join(result.value.reason.split())
        return JudgeReport(verdict=result.value.entails, reason=reason)

    def close(self) -> None:
        """Close the HTTP client."""
        self.client.close()


def model_judge(
    endpoint: llm.Endpoint,
    prompts: Path | None = None,
    cache: ReplyCache | None = None,
    *,
    use_cache: bool = True,
) -> ModelJudge:
    """A model judge for an open endpoint, with the prompt templates of `prompts` (or the default)."""
    env = prompting.environment(prompting.prompts_dir(prompts))
    return ModelJudge(endpoint, env, cache, use_cache=use_cache)
