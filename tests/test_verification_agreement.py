"""A claim that says its sources agree ("according to both", "both report") is held to each of
them: where one says the opposite, or the two cited texts say opposite things, the claim has
merged a disagreement (issue 28). Invented text, tested both ways."""

from __future__ import annotations

from briefing.verification import CitedText
from tests.support_cases import verdict_of


def _cited(text: str, doc: str) -> CitedText:
    return CitedText(text, doc=doc, context=text)


def test_according_to_both_is_held_to_each_source() -> None:
    wire = _cited("Governor Ana Ruiz supports armed escorts for the river convoys.", "wire.txt")
    column = _cited(
        "Governor Ana Ruiz supports armed escorts for the convoys, I am told.", "col.txt"
    )
    claim = "Governor Ana Ruiz supports armed escorts for the convoys, according to both sources."
    assert verdict_of(claim, wire, column)[0]
    against = _cited("Governor Ana Ruiz has opposed armed escorts for the convoys.", "col.txt")
    ok, check = verdict_of(claim, wire, against)
    assert not ok and check == "merged"
    # Without the claim of agreement, one source's view stated is not a merge.
    assert verdict_of("Governor Ana Ruiz supports armed escorts for the convoys.", wire)[0]


def test_sources_that_say_opposite_things_do_not_agree() -> None:
    wire = _cited("Minister Ana Ruiz backed Lima's call for a binding deal on Tuesday.", "wire.txt")
    column = _cited(
        "Minister Ana Ruiz has said she opposes a binding deal and prefers a loose arrangement.",
        "col.txt",
    )
    claim = "Minister Ana Ruiz has sided with Lima on a binding deal, as both reports confirm."
    ok, check = verdict_of(claim, wire, column)
    assert not ok and check == "merged"
    # A claim that keeps the two sides apart is the disagreement as it is.
    kept = (
        "Minister Ana Ruiz backed Lima's call for a binding deal on Tuesday, though she has also"
        " said she opposes one and prefers a loose arrangement."
    )
    assert verdict_of(kept, wire, column)[0]
