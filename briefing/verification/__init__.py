"""Verification: prove every citation and that what the citations say together carries the claim.

Independent of generation: it re-reads the source files and knows nothing of the store or
the model that wrote the briefing. `citations` locates each quote; `overlap` measures shared
content words; `meaning` runs the meaning checks (`checks/`, one module each) over the
claim's located citations read together; `claims` decides each claim's status;
`briefing_file` reads, fixes and reports a briefing.json.
"""

from briefing.verification.briefing_file import fix_briefing, format_report, load_briefing
from briefing.verification.citations import (
    CITATION_STATUSES,
    CLAIM_STATUSES,
    DEFAULT_MAX_FILE_BYTES,
    DEFAULT_SUPPORT_THRESHOLD,
    LOCATED_STATUSES,
    MAX_BRIEFING_BYTES,
    SourceCache,
    unsafe_path_reason,
    verify_citation,
)
from briefing.verification.claims import (
    POINT_SOURCE_SUPPORT,
    changed_sources,
    lacking,
    thin_sources,
    verify_briefing,
    verify_claim,
)
from briefing.verification.evidence import CitedText, Verdict
from briefing.verification.meaning import assess, contradicts
from briefing.verification.overlap import support_score

__all__ = [
    "CITATION_STATUSES",
    "CLAIM_STATUSES",
    "DEFAULT_MAX_FILE_BYTES",
    "DEFAULT_SUPPORT_THRESHOLD",
    "LOCATED_STATUSES",
    "MAX_BRIEFING_BYTES",
    "POINT_SOURCE_SUPPORT",
    "CitedText",
    "SourceCache",
    "Verdict",
    "assess",
    "changed_sources",
    "contradicts",
    "fix_briefing",
    "format_report",
    "lacking",
    "load_briefing",
    "support_score",
    "thin_sources",
    "unsafe_path_reason",
    "verify_briefing",
    "verify_citation",
    "verify_claim",
]
