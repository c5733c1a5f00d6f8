"""The model client: the one module that imports `openai`.

Structured output is tried in the strongest form the server honours:
`json_schema` (OpenAI, vLLM), then `json_object` carrying the schema (llama.cpp,
which answers `json_schema` with HTTP 500 but constrains `json_object`+schema by
grammar), then plain text with the JSON cut out of it. A reply that fails
validation gets one re-ask carrying the validation error (instructor's habit);
a second failure raises ModelOutputError with the raw text so nothing is lost.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from typing import Any, Generic, Literal, TypeVar

import httpx
import openai
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from briefing.core.errors import ModelError, ModelOutputError, redact, safe_url
from briefing.core.models import Strict
from briefing.core.protocols import ReplyCache

T = TypeVar("T", bound=BaseModel)
Mode = Literal["json_schema", "json_object", "text"]

# USD per 1M tokens (prompt, completion). Local models cost nothing. Override
# with `prices` in briefing.toml for your contract or a model not listed.
PRICES: dict[str, tuple[float, float]] = {
    "smollm2-135m-instruct": (0.0, 0.0),
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
}


class Usage(Strict):
    """Token counts and cost, summed over calls."""

    calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    seconds: float = Field(default=0.0, description="Wall time spent waiting for the model.")

    def add(self, other: Usage) -> None:
        """Accumulate another call's usage."""
        self.calls += other.calls
        self.cached_calls += other.cached_calls
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.cost_usd = round(self.cost_usd + other.cost_usd, 6)
        self.seconds = round(self.seconds + other.seconds, 3)


class Endpoint(Strict):
    """Where and how to reach a model."""

    base_url: str
    model: str
    api_key: str = Field(default="", repr=False, exclude=True)
    embedded: bool = False
    timeout: float = 120.0
    max_retries: int = 3
    prices: dict[str, tuple[float, float]] = Field(default_factory=dict)
    mode: Mode | None = Field(
        default=None, description="Structured-output mode; learned from the first call when None."
    )


class Result(Strict, Generic[T]):
    """A validated answer with what it cost and the raw text it came from."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    value: T
    raw: str
    model: str
    mode: str
    usage: Usage


# The client type other modules name (only this module imports openai).
Client = openai.OpenAI


def make_client(endpoint: Endpoint) -> Client:
    """An OpenAI client for the endpoint; the client's own retries do backoff on 429/5xx/timeouts."""
    # A local server needs no key, but the client insists on one.
    key = endpoint.api_key or ("not-needed" if endpoint.embedded else "")
    if not key:
        key = "missing"
    return openai.OpenAI(
        base_url=endpoint.base_url,
        api_key=key,
        timeout=endpoint.timeout,
        max_retries=endpoint.max_retries,
    )


def request_key(endpoint: Endpoint, payload: dict[str, Any]) -> str:
    """The cache key of a request: model and body, never the URL or key."""
    blob = json.dumps({"model": endpoint.model, "payload": payload}, sort_keys=True)
    return "req-" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


def cost_of(endpoint: Endpoint, prompt_tokens: int, completion_tokens: int) -> float:
    """USD cost of a call from the price table (0 for unknown models)."""
    table = {**PRICES, **endpoint.prices}
    p_in, p_out = table.get(endpoint.model, (0.0, 0.0))
    return round((prompt_tokens * p_in + completion_tokens * p_out) / 1e6, 6)


def response_format(mode: Mode, name: str, schema: dict[str, Any]) -> dict[str, Any] | None:
    """The response_format parameter for a structured-output mode."""
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": name, "schema": schema}}
    if mode == "json_object":
        return {"type": "json_object", "schema": schema}
    return None


def complete_json(
    client: openai.OpenAI,
    endpoint: Endpoint,
    messages: list[dict[str, str]],
    answer: type[T],
    cache: ReplyCache | None = None,
    *,
    mode: Mode | None = None,
    max_tokens: int = 400,
    use_cache: bool = True,
    lock: threading.Lock | None = None,
) -> Result[T]:
    """Ask for an answer of type `answer`, with fallbacks, one re-ask and a response cache."""
    schema = answer.model_json_schema()
    mode = mode or endpoint.mode
    modes: list[Mode] = (
        [mode]
        if mode
        else (["json_object"] if endpoint.embedded else ["json_schema", "json_object", "text"])
    )
    usage = Usage()
    replies = _Cache(cache, lock or threading.Lock(), read=use_cache)
    # Each mode's request body and cache key, built once: the cache check and the call share them.
    requests = {
        m: _request(endpoint, messages, m, answer.__name__, schema, max_tokens) for m in modes
    }
    for m in modes:
        # A reply cached under any mode wins: no probing, no call at all.
        if replies.get(requests[m][1]):
            modes = [m]
            break
    last_error: Exception | None = None
    for m in modes:
        try:
            raw, served, u = _chat(client, endpoint, *requests[m], m, replies)
        except _UnsupportedFormat as exc:
            last_error = exc
            continue
        usage.add(u)
        endpoint.mode = m  # the server took it: later calls skip the probing
        try:
            return Result(
                value=parse_answer(raw, answer), raw=raw, model=served, mode=m, usage=usage
            )
        except ModelOutputError as first:
            reask = [
                *messages,
                {"role": "assistant", "content": raw},
                {
                    "role": "user",
                    "content": "Your reply was not valid: "
                    f"{first}. Reply again with only the corrected JSON object.",
                },
            ]
            raw2, served, u2 = _chat(
                client,
                endpoint,
                *_request(endpoint, reask, m, answer.__name__, schema, max_tokens),
                m,
                replies,
            )
            usage.add(u2)
            try:
                return Result(
                    value=parse_answer(raw2, answer), raw=raw2, model=served, mode=m, usage=usage
                )
            except ModelOutputError as second:
                raise ModelOutputError(
                    f"the model's reply was not a valid {answer.__name__} after one re-ask ({second})",
                    raw=f"{raw}\n\n--- re-ask ---\n\n{raw2}",
                ) from None
    raise ModelError(
        f"the endpoint at {safe_url(endpoint.base_url)} accepts no structured-output mode"
        f" ({redact(str(last_error), endpoint.api_key)}):"
        " use a server that supports response_format, or set --strategy"
    )


def _payload(
    messages: list[dict[str, str]], mode: Mode, name: str, schema: dict[str, Any], max_tokens: int
) -> dict[str, Any]:
    """The request body (less the model name) for one mode."""
    payload: dict[str, Any] = {
        "messages": messages,
        "temperature": 0,
        "max_tokens": max_tokens,
        "seed": 0,
    }
    fmt = response_format(mode, name, schema)
    if fmt:
        payload["response_format"] = fmt
    return payload


def _request(
    endpoint: Endpoint,
    messages: list[dict[str, str]],
    mode: Mode,
    name: str,
    schema: dict[str, Any],
    max_tokens: int,
) -> tuple[dict[str, Any], str]:
    """The request body for one mode and its cache key."""
    payload = _payload(messages, mode, name, schema, max_tokens)
    return payload, request_key(endpoint, payload)


class _Cache:
    """The injected reply cache, serialised across the map step's threads."""

    def __init__(self, cache: ReplyCache | None, lock: threading.Lock, read: bool) -> None:
        self.cache, self.lock, self.read = cache, lock, read

    def get(self, key: str) -> dict[str, Any] | None:
        """A cached reply, or None (always None with --no-cache)."""
        if self.cache is None or not self.read:
            return None
        with self.lock:
            return self.cache.get(key)

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Remember a reply; --no-cache skips the lookup, not this, so the next run can reuse it."""
        if self.cache is None:
            return
        with self.lock:
            self.cache.put(key, value)


class _UnsupportedFormat(Exception):
    """The server rejected this response_format; try the next mode."""


def _chat(
    client: openai.OpenAI,
    endpoint: Endpoint,
    payload: dict[str, Any],
    key: str,
    mode: Mode,
    cache: _Cache,
) -> tuple[str, str, Usage]:
    """One chat completion (or its cached copy): the text, the model served, usage."""
    fmt = payload.get("response_format")
    hit = cache.get(key)
    if hit is not None:
        return hit["text"], hit["model"], Usage(cached_calls=1)
    started = time.monotonic()
    probing = endpoint.mode is None and mode == "json_schema"
    url = safe_url(endpoint.base_url)
    try:
        resp = _create(client, endpoint, payload, probing)
    except openai.BadRequestError as exc:
        said = str(exc).lower()
        if fmt and ("response_format" in said or "json_schema" in said):
            raise _UnsupportedFormat(str(exc)[:200]) from exc
        raise ModelError(
            f"the endpoint rejected the request ({_short(exc, endpoint)}): check --model and --base-url"
        ) from exc
    except openai.InternalServerError as exc:
        # llama.cpp answers an unsupported json_schema with a 500, not a 400.
        if probing and exc.status_code in UNSUPPORTED_STATUSES:
            raise _UnsupportedFormat(str(exc)[:200]) from exc
        raise ModelError(
            f"the endpoint at {url} failed ({_short(exc, endpoint)}) after"
            f" {endpoint.max_retries} retries: try again later, check the server at"
            " BRIEFING_BASE_URL / --base-url, or raise BRIEFING_MAX_RETRIES"
        ) from exc
    except openai.AuthenticationError as exc:
        raise ModelError(
            f"the endpoint at {url} rejected the API key (401):"
            " set OPENAI_API_KEY (or BRIEFING_API_KEY / --api-key) to a valid key"
        ) from exc
    except openai.PermissionDeniedError as exc:
        raise ModelError(
            f"the API key may not use model {endpoint.model!r} (403): set --model or BRIEFING_MODEL"
        ) from exc
    except openai.NotFoundError as exc:
        listed = served_models(client.with_options(max_retries=0, timeout=5))
        if endpoint.model in listed:
            raise ModelError(
                f"{url} lists model {endpoint.model!r} but answered 404 for chat completions:"
                " fix BRIEFING_BASE_URL / --base-url (does it end in /v1?)"
            ) from exc
        hint = (
            f"one the server lists ({', '.join(listed[:5])})"
            if listed
            else "a model the server lists, or fix BRIEFING_BASE_URL / --base-url (does it end in /v1?)"
        )
        raise ModelError(
            f"model {endpoint.model!r} not found at {url} (404): set --model or BRIEFING_MODEL to {hint}"
        ) from exc
    except openai.RateLimitError as exc:
        raise ModelError(
            f"rate limited by {url} after {endpoint.max_retries} retries:"
            " wait, or lower --concurrency / raise BRIEFING_MAX_RETRIES"
        ) from exc
    except openai.APITimeoutError as exc:
        raise ModelError(
            f"the model at {url} did not answer within {endpoint.timeout:g} s"
            f" ({endpoint.max_retries} retries): raise BRIEFING_TIMEOUT or use a faster model"
        ) from exc
    except openai.APIConnectionError as exc:
        cause = exc.__cause__
        if not isinstance(cause, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
            raise ModelError(
                f"no model endpoint reachable at {url}: start the server, fix"
                " BRIEFING_BASE_URL / --base-url, or unset it to use the embedded model"
            ) from exc
        raise ModelError(
            f"the connection to {url} broke before the reply was complete"
            f" ({type(cause).__name__}) after {endpoint.max_retries} retries: check the server"
            " (or a proxy in between) at BRIEFING_BASE_URL / --base-url, or raise BRIEFING_MAX_RETRIES"
        ) from exc
    except openai.APIStatusError as exc:
        raise ModelError(
            f"the endpoint at {url} answered {_short(exc, endpoint)}: check the server at"
            " BRIEFING_BASE_URL / --base-url"
        ) from exc
    except (openai.OpenAIError, ValueError) as exc:
        # A 200 whose body is not JSON (a proxy's error page, a cut-off body).
        raise ModelError(
            f"the endpoint at {url} sent a reply that is not an OpenAI chat completion"
            f" ({type(exc).__name__}): check that BRIEFING_BASE_URL / --base-url points at an"
            " OpenAI-compatible /v1 endpoint"
        ) from exc
    elapsed = time.monotonic() - started
    text, refusal, served, pt, ct = _reply_parts(resp, endpoint)
    if refusal:
        raise ModelOutputError(f"the model refused: {refusal[:200]}", raw=refusal)
    usage = Usage(
        calls=1,
        prompt_tokens=pt,
        completion_tokens=ct,
        cost_usd=cost_of(endpoint, pt, ct),
        seconds=round(elapsed, 3),
    )
    if text.strip():
        cache.put(key, {"text": text, "model": served})
    return text, served, usage


# A json_schema probe answered with one of these means "format not supported"
# (llama.cpp: 500); 502/503/504 are transient and retried like any other call.
UNSUPPORTED_STATUSES = {500, 501}
TRANSIENT_STATUSES = {408, 409, 429, 502, 503, 504}


def _create(
    client: openai.OpenAI, endpoint: Endpoint, payload: dict[str, Any], probing: bool
) -> Any:
    """chat.completions.create; a probe of json_schema fails fast on 500 but still retries transients.

    Probing a format the server may not know, a 500 means "unsupported", not "retry with
    backoff", so the probe goes out without the client's retries. A rate limit, a timeout or a
    dropped connection on the probe says nothing about the format: it is retried like any call,
    after the server's Retry-After.
    """
    if not probing:
        return client.chat.completions.create(model=endpoint.model, **payload)
    try:
        return client.with_options(max_retries=0).chat.completions.create(
            model=endpoint.model, **payload
        )
    except openai.APIStatusError as exc:
        if exc.status_code not in TRANSIENT_STATUSES or endpoint.max_retries == 0:
            raise
        wait = _retry_after(exc)
    except openai.APIConnectionError:  # timeouts included
        if endpoint.max_retries == 0:
            raise
        wait = 0.5
    time.sleep(wait)
    return client.with_options(max_retries=endpoint.max_retries - 1).chat.completions.create(
        model=endpoint.model, **payload
    )


def _retry_after(exc: openai.APIStatusError) -> float:
    """Seconds the server asked us to wait (Retry-After / retry-after-ms), capped; 0.5 if unsaid."""
    headers = exc.response.headers if exc.response is not None else {}
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        try:
            value = float(headers.get(name, "")) / scale
        except ValueError:
            continue
        if 0 <= value <= 60:
            return value
    return 0.5


def _reply_parts(resp: Any, endpoint: Endpoint) -> tuple[str, str | None, str, int, int]:
    """Text, refusal, model served and token counts of a reply, or a ModelError if it is no completion."""
    what = "the reply was not JSON" if isinstance(resp, str) else "no 'choices' in the reply"
    try:
        choices = resp.choices
        if not isinstance(choices, list):
            raise TypeError(what)
        if not choices:
            raise ModelOutputError("the model returned no choices", raw=_dump(resp))
        message = choices[0].message
        content = message.content
        refusal = getattr(message, "refusal", None)
    except (AttributeError, TypeError, KeyError) as exc:
        raise ModelError(
            f"the endpoint at {safe_url(endpoint.base_url)} did not answer with an OpenAI chat completion"
            f" ({what}): check that BRIEFING_BASE_URL / --base-url points at an OpenAI-compatible"
            " /v1 endpoint"
        ) from exc
    if content is None:
        text = ""
    elif isinstance(content, str):
        text = content
    else:
        text = json.dumps(content)
    # A server that echoes the key back must not get it into a briefing.
    text = redact(text, endpoint.api_key, shapes=False)
    refusal_text = redact(str(refusal), endpoint.api_key, shapes=False) if refusal else None
    usage = getattr(resp, "usage", None)
    pt = _int(getattr(usage, "prompt_tokens", 0))
    ct = _int(getattr(usage, "completion_tokens", 0))
    served = getattr(resp, "model", None)
    return (
        text,
        refusal_text,
        served if isinstance(served, str) and served else endpoint.model,
        pt,
        ct,
    )


def _int(value: Any) -> int:
    return value if isinstance(value, int) and value >= 0 else 0


def _dump(resp: Any) -> str:
    try:
        return str(resp.model_dump_json())
    except Exception:
        return repr(resp)[:2000]


def _short(exc: openai.APIStatusError, endpoint: Endpoint | None = None) -> str:
    """Status code and the first line of the server's message, never headers or keys."""
    body = exc.body
    msg: Any = None
    if isinstance(body, dict):
        msg = body.get("message")
        if msg is None and isinstance(body.get("error"), dict):
            msg = body["error"].get("message")
    if not msg:
        msg = getattr(exc, "message", "") or exc
    first = (str(msg).splitlines() or [""])[0][:160]
    return f"HTTP {exc.status_code}: {redact(first, endpoint.api_key if endpoint else '')}"


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def extract_json(text: str) -> Any:
    """The first JSON object in a reply, tolerating code fences and chatter around it."""
    candidates = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    for cand in candidates:
        cand = cand.strip()
        start = cand.find("{")
        while start != -1:
            try:
                # strict=False: grammar-constrained small models emit raw newlines inside strings.
                obj, _ = json.JSONDecoder(strict=False).raw_decode(cand, start)
                return obj
            except json.JSONDecodeError:
                start = cand.find("{", start + 1)
    raise ValueError("no JSON object in the reply")


def parse_answer(raw: str, answer: type[T]) -> T:
    """Validate a raw reply against the answer model, or raise ModelOutputError saying why."""
    if not raw.strip():
        raise ModelOutputError("the reply was empty", raw=raw)
    try:
        data = extract_json(raw)
    except ValueError as exc:
        raise ModelOutputError(str(exc), raw=raw) from exc
    try:
        return answer.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'reply'}: {e['msg']}" for e in exc.errors()[:5]
        )
        raise ModelOutputError(problems, raw=raw) from exc


def served_models(client: openai.OpenAI) -> list[str]:
    """Model ids the endpoint lists (empty if it does not list any)."""
    try:
        return [str(m.id) for m in client.models.list().data]
    except Exception:  # a hint for an error message: never worth a second error
        return []
