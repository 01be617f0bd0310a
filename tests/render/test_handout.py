"""The handout: what it picks, how it cuts, and that it always fits its page budget."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from briefing.models import (
    Brief,
    BriefEntity,
    BriefItem,
    BriefPerson,
    BriefQuote,
    SourceInfo,
    label,
    name,
    prose,
)
from briefing.render import Rendered, render_document
from briefing.render.environment import english
from briefing.render.handout import (
    ELLIPSIS,
    LAST_RESORT,
    LEVELS,
    WORD_CHARS,
    pick_places,
    pick_reactions,
    shorten,
)

from .pdftools import pdf_text, squeeze


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("one two three", None, "one two three"),
        ("one two three", 3, "one two three"),
        ("one two three", 2, "one two" + ELLIPSIS),
        ("one, two, three", 2, "one, two" + ELLIPSIS),  # no dangling comma before the ellipsis
        ("one two, three", 2, "one two" + ELLIPSIS),
        ("x" * 100, 2, "x" * (2 * WORD_CHARS) + ELLIPSIS),  # one endless token: cut by characters
        ("a " + "y" * 25 + " b", 3, "a" + ELLIPSIS),  # a 25-character token costs three words
        ("a " + "y" * 20 + " b", 3, "a " + "y" * 20 + ELLIPSIS),
        ("김정은 위원장이 말했다", 2, "김정은 위원장이" + ELLIPSIS),
    ],
)
def test_shorten(text: str, words: int | None, expected: str) -> None:
    assert shorten(text, words) == expected


def test_reactions_prefer_full_quotes_by_named_people_one_each(
    sample_briefs: dict[str, Brief],
) -> None:
    brief = sample_briefs["en"]
    picked = pick_reactions(brief, 3)
    assert len(picked) == 3
    speakers = [q.speaker.text for q in picked]
    assert len(set(speakers)) == 3
    assert all(q.direct and len(q.text.text.split()) >= 6 for q in picked)
    people = {p.name.text for p in brief.people}
    assert all(s in people for s in speakers)  # the sample has enough named speakers
    order = [brief.reactions.index(q) for q in picked]
    assert order == sorted(order)  # in the article's order


def test_reactions_match_speakers_through_the_english_original(
    sample_briefs: dict[str, Brief],
) -> None:
    en = [english(q.speaker) for q in pick_reactions(sample_briefs["en"], 3)]
    for lang in ("ko", "ru"):
        assert [english(q.speaker) for q in pick_reactions(sample_briefs[lang], 3)] == en


def test_where_leads_with_the_scene(sample_briefs: dict[str, Brief]) -> None:
    places = pick_places(sample_briefs["en"], 3)
    assert places[0].name.text == "Vostochny Cosmodrome"
    assert [english(p.name) for p in pick_places(sample_briefs["ko"], 3)] == [
        p.name.text for p in places
    ]


def test_handout_fits_one_page_on_letter_too(sample_briefs: dict[str, Brief]) -> None:
    for lang in ("en", "ko", "ru"):
        doc = render_document(sample_briefs[lang], layout="handout", paper="letter")
        assert doc.pages == 1
        box = PdfReader(io.BytesIO(doc.pdf)).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_markdown_matches_the_cut_pdf(rendered: dict[tuple[str, str], Rendered]) -> None:
    doc = rendered["handout", "en"]
    text = squeeze(pdf_text(doc.pdf))
    for q in doc.brief.reactions:
        assert squeeze(q.text.text) in squeeze(doc.markdown.replace("\\", ""))
        assert squeeze(q.text.text) in text


def _long_brief(words: int, token: str) -> Brief:
    """A brief far too long for a page: every part repeated and every text `words` long."""

    def text(i: int) -> str:
        return " ".join(f"{token}{i}" for _ in range(words))

    return Brief(
        slug="long",
        title=prose(text(0)),
        bottom_line=BriefItem(text=prose(text(1))),
        event_date=dt.date(2024, 1, 2),
        people=[BriefPerson(name=name(text(i)), role=prose(text(i))) for i in range(20)],
        places=[BriefEntity(name=name(text(i)), kind=label("city")) for i in range(20)],
        stakes=[BriefItem(text=prose(text(i))) for i in range(20)],
        reactions=[
            BriefQuote(speaker=name(f"Speaker {i}"), text=prose(text(i)), direct=True)
            for i in range(20)
        ],
        source=SourceInfo(name=text(2), url="https://example.org/" + "p" * 5000),
        generator="briefing test",
    )


@pytest.mark.parametrize(
    ("words", "token"),
    [
        (60, "word"),  # long in every part
        (400, "lengthy"),  # absurdly long
        (3, "x" * 1000),  # tokens no line can hold
    ],
)
def test_a_long_article_never_overflows_two_pages(words: int, token: str) -> None:
    doc = render_document(_long_brief(words, token), layout="handout")
    assert doc.pages <= 2
    assert doc.renders <= len(LEVELS) + 1
    assert len(doc.brief.reactions) >= LAST_RESORT.reactions and doc.brief.stakes
    assert squeeze(doc.brief.title.text.rstrip(ELLIPSIS))[:40] in squeeze(pdf_text(doc.pdf))


def test_a_long_bottom_line_is_cut_by_rule_to_keep_one_page(
    sample_briefs: dict[str, Brief],
) -> None:
    brief = sample_briefs["en"]
    long_lead = " ".join([brief.bottom_line.text.text] * 25)
    doc = render_document(
        brief.model_copy(update={"bottom_line": BriefItem(text=prose(long_lead))}), layout="handout"
    )
    assert doc.pages == 1
    assert doc.renders > 1
    cut = doc.brief.bottom_line.text.text
    assert cut.endswith(ELLIPSIS) and long_lead.startswith(cut[:-1])
