"""Compose: turn the model's findings into judgments an analyst can sign.

A finding is what one map call (or one judgment of a single prompt) proposed: the model's
sentence and the source sentences it cites. Composing decides, by code, what is published:

1. **Sentences that stand alone** (`standalone`). A cited sentence that is a question, a
   headline, a fragment or a list lead-in is dropped; one whose subject is an unresolved
   "This", "It", "The second point"... is joined with the sentence before it, or dropped.
2. **Faithful by construction** (`prose`). The model's sentence is published only when the
   verifier's checks pass it against what it cites; otherwise the finding becomes an
   attributed quotation built from the cited sentence itself, so a weak model costs
   prose, not coverage.
3. **Attribution** (`attribution`). Every judgment names whose view it reports (author,
   else outlet, else the title): a source's claim is never stated in the briefing's own voice.
4. **Merged across sources** (`merge`). Findings that make the same point in different,
   independent documents (near-duplicate captures count once) become one judgment citing
   all of them, worded by how many agree; where they contradict, it says so.
   `judgments.compose` runs the four and orders judgments by support, then by relevance.
"""

from briefing.compose.attribution import attributed, count_words, quoted, source_name
from briefing.compose.findings import (
    ComposeContext,
    Composition,
    Finding,
    Form,
    Judgment,
    PointWriter,
    Rejected,
)
from briefing.compose.judgments import compose, spread
from briefing.compose.merge import (
    common_stems,
    group,
    merge_similarity,
    merge_threshold,
    point_words,
    reports_figures,
    similarity_matrix,
)
from briefing.compose.points import shared_words
from briefing.compose.prose import (
    SPEAKER,
    first_sentence,
    interviewer_line,
    prose_problem,
    spliced_tail,
)
from briefing.compose.standalone import (
    LIST_REACH,
    continues_reported_speech,
    fragment_reason,
    standalone,
    unresolved_subject,
    without_lead_in,
)
from briefing.compose.tuning import (
    MERGE_EMBEDDED,
    MERGE_LEXICAL,
    MERGE_SURE,
    PROSE_NEW_WORDS,
    PROSE_SUPPORT,
    SAME_SENTENCE,
    SHARED_WORDS,
)

__all__ = [
    "LIST_REACH",
    "MERGE_EMBEDDED",
    "MERGE_LEXICAL",
    "MERGE_SURE",
    "PROSE_NEW_WORDS",
    "PROSE_SUPPORT",
    "SAME_SENTENCE",
    "SHARED_WORDS",
    "SPEAKER",
    "ComposeContext",
    "Composition",
    "Finding",
    "Form",
    "Judgment",
    "PointWriter",
    "Rejected",
    "attributed",
    "common_stems",
    "compose",
    "continues_reported_speech",
    "count_words",
    "first_sentence",
    "fragment_reason",
    "group",
    "interviewer_line",
    "merge_similarity",
    "merge_threshold",
    "point_words",
    "prose_problem",
    "quoted",
    "reports_figures",
    "shared_words",
    "similarity_matrix",
    "source_name",
    "spliced_tail",
    "spread",
    "standalone",
    "unresolved_subject",
    "without_lead_in",
]
