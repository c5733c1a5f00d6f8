"""The token and tokenized-text types the meaning checks read."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Tok:
    """One token: its surface, a lowercase key without possessive, and its stem."""

    text: str
    low: str
    stem: str
    cap: bool  # starts with a capital letter
    initial: bool  # first word of a sentence, a quote or a clause after a colon
    punct: bool
    content: bool


@dataclass
class Text:
    """A tokenized text with the facts the checks need, computed once."""

    raw: str
    toks: list[Tok]
    lower: str
    negated: set[int] = field(default_factory=set)
    cues: list[tuple[int, int]] = field(default_factory=list)  # (cue index, head index)
    stems: set[str] = field(default_factory=set)
    # Negators that cancel in pairs ("cannot get it without", "no reason they should not")
    cancelled: set[int] = field(default_factory=set)

    def plain_stems(self) -> set[str]:
        """Stems of content tokens outside every negation scope."""
        return {t.stem for i, t in enumerate(self.toks) if t.content and i not in self.negated}

    def negated_stems(self) -> set[str]:
        """Stems of content tokens inside a negation scope."""
        return {self.toks[i].stem for i in self.negated}
