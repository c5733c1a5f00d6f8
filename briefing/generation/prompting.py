"""Prompts: user-editable Jinja templates over numbered evidence sentences."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from importlib import resources
from pathlib import Path

import jinja2
from pydantic import Field

from briefing.core.errors import ConfigError
from briefing.core.models import Document, SearchHit, Sentence, Strict

# [S1], [ s 12 ], and the fullwidth look-alikes ［Ｓ１］ a model reads the same way.
_MARKER = re.compile(r"[\[［]([\s　]*[SＳ][\s　]*\d+[\s　]*)[\]］]", re.IGNORECASE)
_FENCE_TAG = re.compile(r"[<＜]\s*/?\s*evidence", re.IGNORECASE)
# The template's own source header ("SOURCE A: ..."); a source imitating it is lower-cased.
_SOURCE_HEADER = re.compile(r"\bSOURCE(\s+[A-Z]{1,3}\s*:)")


class PromptSentence(Strict):
    """A sentence as shown to the model: its label and the sentence it stands for."""

    label: str
    sentence: Sentence

    @property
    def text(self) -> str:
        """The sentence text (for templates)."""
        return self.sentence.text


class PromptSource(Strict):
    """One source's evidence block."""

    label: str
    doc: str
    title: str = ""
    attribution: str = Field(description="Outlet, author and date, for 'according to ...'.")
    sentences: list[PromptSentence]


# The default templates ship inside the package (package data), so a wheel works anywhere.
PROMPTS_PACKAGE = "briefing"
PROMPTS_FOLDER = "prompts"


def shipped_prompts() -> Path:
    """The default templates installed with the package."""
    folder = resources.files(PROMPTS_PACKAGE) / PROMPTS_FOLDER
    # A regular install (wheel, editable, source tree) unpacks package data, so this is a
    # real directory; Jinja's FileSystemLoader and the manifest's hashes need one.
    return Path(str(folder))


def prompts_source(configured: Path | None = None) -> tuple[Path, str]:
    """The templates folder and where it comes from: the setting, ./prompts, or the package."""
    candidates: list[tuple[Path, str]] = []
    if configured:
        candidates.append((configured, "BRIEFING_PROMPTS / --prompts / briefing.toml"))
    candidates += [
        (Path.cwd() / "prompts", "./prompts in the working directory"),
        (shipped_prompts(), "the defaults shipped with briefing"),
    ]
    for folder, origin in candidates:
        if (folder / "map.user.j2").is_file():
            return folder, origin
    searched = ", ".join(str(c) for c, _ in candidates)
    raise ConfigError(
        f"prompt templates not found (searched: {searched}): reinstall briefing, or set"
        " BRIEFING_PROMPTS to a folder holding map.user.j2 and its siblings"
        " (`briefing prompts export DIR` writes the defaults there)"
    )


def prompts_dir(configured: Path | None = None) -> Path:
    """The templates folder: the configured one, ./prompts, or the defaults shipped in the package."""
    return prompts_source(configured)[0]


def export_prompts(target: Path, force: bool = False) -> list[Path]:
    """Copy the shipped templates into `target` for editing; never overwrite unless `force`."""
    if target.exists() and not target.is_dir():
        raise ConfigError(f"{target} is not a folder: pass a folder to export the prompts into")
    shipped = sorted(shipped_prompts().glob("*.j2"))
    existing = [target / p.name for p in shipped if (target / p.name).exists()]
    if existing and not force:
        names = ", ".join(p.name for p in existing)
        raise ConfigError(
            f"{target} already holds {names}: edit them there, pick another folder,"
            " or pass --force to overwrite them with the defaults"
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for p in shipped:
            (target / p.name).write_bytes(p.read_bytes())
            written.append(target / p.name)
    except OSError as exc:
        raise ConfigError(
            f"cannot write the prompts into {target} ({exc.strerror}): pick a writable folder"
        ) from exc
    return written


# What the map answer asked for until 2026-12 and no longer has: a template exported before
# then asks for them, and an endpoint without constrained output sends them back, to be
# refused as keys the answer does not have (every call failing, with no word on why).
RETIRED_MAP_FIELDS = ("sentence_ids", "relevance")


def refuse_retired_fields(env: jinja2.Environment, names: tuple[str, ...]) -> None:
    """A ConfigError naming the template that still asks the model for a retired field."""
    # The template's own text, not the rendered prompt: a source may quote anything.
    for name in names:
        try:
            source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        except jinja2.TemplateNotFound:
            continue  # render() says a template is missing
        asked = [f for f in RETIRED_MAP_FIELDS if f'"{f}"' in source]
        if asked:
            raise ConfigError(
                f"prompt template {filename} asks the model for {', '.join(asked)}, which map"
                ' answers no longer have (only "summary"): delete those lines, or replace the'
                " file with the defaults (`briefing prompts export DIR --force`)"
            )


def neutral(text: str) -> str:
    """Defuse source text that imitates the prompt's own markers or control characters."""
    text = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} and ch != "\t" else ch
        for ch in text
    )
    text = _MARKER.sub(lambda m: f"({m.group(1)})", text)
    text = _FENCE_TAG.sub("‹evidence", text)
    text = _SOURCE_HEADER.sub(lambda m: f"Source{m.group(1)}", text)
    return re.sub(r"\s+", " ", text).strip()


def environment(directory: Path) -> jinja2.Environment:
    """A strict Jinja environment: a typo in a template is an error, not an empty string."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(directory)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain-text prompts; HTML rendering has its own autoescaping env
        keep_trailing_newline=False,
    )
    env.filters["neutral"] = neutral
    return env


def render(env: jinja2.Environment, name: str, **context: object) -> str:
    """Render one template, turning template errors into a ConfigError that names the file."""
    try:
        return env.get_template(name).render(**context).strip()
    except jinja2.TemplateNotFound as exc:
        raise ConfigError(
            f"prompt template {name} is missing: restore it in the prompts folder"
        ) from exc
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or name
        line = getattr(exc, "lineno", None)
        raise ConfigError(
            f"prompt template {where}{f':{line}' if line else ''}: {exc}: fix the template"
        ) from exc


def template_hashes(directory: Path) -> dict[str, str]:
    """sha256 of every prompt template, for the manifest."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.glob("*.j2"))
    }


def fence_for(sources: list[PromptSource]) -> str:
    """A fence marker derived from the evidence itself: stable for caching, unguessable by a source."""
    blob = "\x1f".join(s.sentence.id for src in sources for s in src.sentences)
    return hashlib.sha256(blob.encode()).hexdigest()[:10]


def attribution(document: Document | None, doc: str) -> str:
    """'Outlet, Author, date' with whatever the page gave, falling back to the file name."""
    # Author and outlet come from the page: defused like the title and the sentences, so a
    # byline cannot open a source of its own ("SOURCE Z: Reuters [S4]").
    return neutral((document.attribution() if document else "") or doc)


def build_sources(
    hits: list[SearchHit],
    sentences: dict[str, list[Sentence]],
    documents: dict[str, Document],
    start_label: int = 1,
) -> list[PromptSource]:
    """Group passages by document into labelled sources with globally numbered sentences."""
    order: list[str] = []
    by_doc: dict[str, list[Sentence]] = {}
    for hit in hits:
        if hit.doc not in by_doc:
            order.append(hit.doc)
            by_doc[hit.doc] = []
        by_doc[hit.doc].extend(sentences.get(hit.id, []))
    out: list[PromptSource] = []
    n = start_label
    for i, doc in enumerate(order):
        sents = sorted({s.id: s for s in by_doc[doc]}.values(), key=lambda s: s.start)
        labelled = []
        for s in sents:
            labelled.append(PromptSentence(label=f"S{n}", sentence=s))
            n += 1
        d = documents.get(doc)
        out.append(
            PromptSource(
                label=source_letter(i),
                doc=doc,
                title=d.title if d else "",
                attribution=attribution(d, doc),
                sentences=labelled,
            )
        )
    return out


def source_letter(i: int) -> str:
    """A, B, ..., Z, AA, AB, ..."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def label_map(sources: list[PromptSource]) -> dict[str, Sentence]:
    """Label ('S3') -> the sentence it stands for."""
    return {s.label: s.sentence for src in sources for s in src.sentences}
