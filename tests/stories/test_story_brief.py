"""A story brief from three articles: merged facts, sources, where they differ, markers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing import pipeline
from briefing.config import Settings
from briefing.folding import fold_name, words
from briefing.models import Brief, Facts, StoryFacts
from briefing.render import markdown_to_html, render_document, render_markdown
from briefing.stories.figures import number

FERRY = ("ferry-a.txt", "ferry-b.txt", "ferry-c.txt")
MARKER = re.compile(r" \[([A-Z])(\d+)\]")
WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


@pytest.fixture(scope="module")
def ferry(labelled: dict[str, Facts]) -> list[Facts]:
    return [labelled[name] for name in FERRY]


@pytest.fixture(scope="module")
def story(ferry: list[Facts]) -> StoryFacts:
    return pipeline.story_facts(ferry)


@pytest.fixture(scope="module")
def brief(ferry: list[Facts]) -> Brief:
    return pipeline.compose_story_brief(ferry)


@pytest.fixture(scope="module")
def markdown(brief: Brief) -> str:
    return render_markdown(brief)


def section(markdown: str, heading: str) -> str:
    return markdown.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def bullets(markdown: str, heading: str) -> list[str]:
    return [line for line in section(markdown, heading).splitlines() if line.startswith("- ")]


def test_people_and_places_are_merged_across_sources(markdown: str) -> None:
    who = bullets(markdown, "Who")
    akello = [line for line in who if "Grace Akello" in line]
    assert len(akello) == 1 and "Akello**" not in who[1:]  # one entry, not one per source
    assert re.search(r"\[A\d+\] \[B\d+\] \[C\d+\] · \*3 of 3 sources\*$", akello[0])
    enanga = next(line for line in who if "Fred Enanga" in line)
    assert re.search(r"\[A\d+\] \[C\d+\] · \*2 of 3 sources\*$", enanga)
    where = bullets(markdown, "Where")
    for place in ("Lake Victoria", "Entebbe", "Ssese Islands"):
        (line,) = [x for x in where if f"**{place}**" in x]
        assert line.endswith("· *3 of 3 sources*"), line


def test_a_quote_several_outlets_report_is_one_entry_with_all_its_sources(markdown: str) -> None:
    reactions = bullets(markdown, "Reactions")
    boat = [line for line in reactions if "The boat was full" in line]
    assert len(boat) == 1
    assert boat[0].startswith("- **Sarah Namutebi**: “The boat was full")
    assert boat[0].endswith("[A6] [B6] · *2 of 3 sources*")
    stop = [line for line in reactions if "We will not stop" in line]
    assert len(stop) == 1 and stop[0].startswith("- **Grace Akello**:")
    # C gives the words to Fred Enanga: that is under "Where sources differ", not here.
    assert re.search(r"\[A\d+\] \[B\d+\] · \*2 of 3 sources\*$", stop[0])


def test_where_sources_differ(markdown: str) -> None:
    differ = section(markdown, "Where sources differ")
    assert "- **Number of dead**\n    - 12 [A1] [C1] · *2 of 3 sources*\n" in differ
    assert "    - At least 15 [B1] · *1 of 3 sources*" in differ
    assert "- **Day of the event**\n    - March 3, 2026 [A1] [B1] · *2 of 3 sources*\n" in differ
    assert "    - March 2, 2026 [C1] · *1 of 3 sources*" in differ
    assert "- **Who said it**: “We will not stop until every passenger is accounted for”" in differ
    assert re.search(r"    - Grace Akello \[A4\] \[B\d+\] · \*2 of 3 sources\*\n", differ)
    assert re.search(r"    - Fred Enanga \[C2\] · \*1 of 3 sources\*", differ)
    html = markdown_to_html(markdown)
    assert '<li><strong>Number of dead</strong><ul>\n<li>12 <span class="ev">[A1]</span>' in html


def test_the_sources_section_lists_every_article(markdown: str) -> None:
    assert bullets(markdown, "Sources") == [
        "- **A** — East Africa Wire, March 3, 2026: *Ferry capsizes on Lake Victoria near "
        "Entebbe, 12 dead* · ferry-a.txt",
        "- **B** — The Daily Courier, March 4, 2026: *At least 15 feared dead as overloaded "
        "ferry sinks off Uganda* · ferry-b.txt",
        "- **C** — Global Report, March 3, 2026: *Twelve killed as ferry overturns on Lake "
        "Victoria* · ferry-c.txt",
    ]
    assert markdown.rstrip().endswith(
        "markers such as &#91;B3&#93; point to sentence 3 of article B."
    )
    assert "## Source and provenance" not in markdown


def test_every_marker_points_to_the_right_sentence_of_the_right_article(
    markdown: str, story: StoryFacts
) -> None:
    def sentence(letter: str, n: str) -> str:
        facts = story.articles["ABC".index(letter)]
        span = facts.sentences[int(n) - 1]
        return facts.article.text[span.start : span.end]

    forms = {
        fold_name(x.name): [fold_name(f) for f in (x.name, *x.aliases)]
        for x in [*story.people, *story.organizations, *story.places]
    }

    def names_in(text: str, name: str) -> bool:
        folded = fold_name(text)
        return any(f.split()[-1] in folded for f in forms[fold_name(name)])

    checked = 0
    heading = ""
    for line in markdown.splitlines():
        if line.startswith("## "):
            heading = line[3:]
        if line.startswith("Organisations: "):
            for item in line.removeprefix("Organisations: ").split("; "):
                org = MARKER.split(item)[0].strip()
                for letter, n in MARKER.findall(item):
                    assert names_in(sentence(letter, n), org), (item, letter, n)
                    checked += 1
            continue
        markers = MARKER.findall(line)
        if not markers:
            continue
        shown = MARKER.split(line)[0]
        for letter, n in markers:
            said = sentence(letter, n)
            if heading in ("Who", "Where"):
                assert names_in(said, re.search(r"\*\*(.+?)\*\*", shown).group(1)), (line, said)
            elif heading == "Bottom line":
                assert said.strip() == shown.strip()
            elif heading == "What is at stake":
                stake = set(words(shown[2:]))
                assert len(stake & set(words(said))) >= 0.6 * len(stake), (line, said)
            elif heading == "Reactions":
                quote = re.sub(r"^- \*\*.+?\*\*: “?|”?( \*\(reported\)\*)?$", "", shown)
                assert " ".join(words(quote)[:6]) in " ".join(words(said)), (line, said)
            elif heading == "When":
                assert WEEKDAY.search(said) or shown.split("— ", 1)[1] in said, (line, said)
            elif heading == "Where sources differ":
                value = shown.strip()[2:]
                if value[:1].isdigit() or value.startswith("At least"):
                    figures = {number(w) for w in re.findall(r"[\w-]+", said)}
                    assert number(value.split()[-1]) in figures, (line, said)
                elif re.match(r"[A-Z][a-z]+ \d+, \d{4}$", value):
                    assert WEEKDAY.search(said), (line, said)
                else:
                    assert "We will not stop" in said and names_in(said, value), (line, said)
            else:
                raise AssertionError(f"a marker under {heading!r}: {line}")
            checked += 1
    assert checked >= 40


def test_a_one_article_story_is_that_articles_brief(ferry: list[Facts]) -> None:
    one = pipeline.compose_story_brief(ferry[:1])
    assert one == pipeline.compose_brief(ferry[0])
    assert render_markdown(one) == render_markdown(pipeline.compose_brief(ferry[0]))
    assert " [s1]" in render_markdown(one) and "## Sources" not in render_markdown(one)


def test_marker_look_alikes_in_an_article_stay_text(ferry: list[Facts]) -> None:
    a = ferry[0]
    text = a.article.text.replace("ENTEBBE, Uganda", "ENTEBBE [B2], Uganda", 1)
    shifted = len(text) - len(a.article.text)

    lead = a.sentences[0].model_copy(update={"end": a.sentences[0].end + shifted})
    sentences = [lead] + [
        s.model_copy(update={"start": s.start + shifted, "end": s.end + shifted})
        for s in a.sentences[1:]
    ]
    forged = Facts(article=a.article.model_copy(update={"text": text}), sentences=sentences)
    md = render_markdown(pipeline.compose_story_brief([forged, ferry[1]]))
    assert "ENTEBBE &#91;B2&#93;, Uganda" in md
    html = markdown_to_html(md)
    assert '<span class="ev">[B2]</span>' not in html.split("<h2>", 2)[1]  # the bottom line


def test_translated_handout_and_bilingual_story_briefs(
    brief: Brief, tiny_argos: Path, tmp_path: Path
) -> None:
    settings = Settings(cache_dir=tmp_path / "cache", langs=["en", "ko", "ru"])
    briefs, missing = pipeline.translate_briefs(brief, settings)
    assert not missing
    ko, ru = briefs["ko"], briefs["ru"]
    # Every text of the new sections went through the translate stage.
    assert (
        ko.differences[0].what.text == "사망자 수"
        and ru.differences[0].what.text == "Число погибших"
    )
    assert all(c.text is None or c.text.source for d in ko.differences for c in d.claims)
    md = render_markdown(ko)
    assert "## 출처 간 차이" in md and "## 출처\n" in md and "출처 3곳 중 3곳" in md
    assert "[A1] [B1] · *출처 3곳 중 2곳*" in md  # markers stay as they are
    assert "Пометки указывают на предложения английских статей" in render_markdown(ru)
    for layout, lang in (("brief", "ru"), ("handout", "ko"), ("bilingual", "ko")):
        doc = render_document(briefs[lang], layout=layout, formats=("md", "pdf"))
        assert doc.pdf is not None and doc.pdf.startswith(b"%PDF")
        assert doc.pages is not None and doc.pages <= (2 if layout == "handout" else 8)
    handout = render_document(brief, layout="handout", formats=("md",)).markdown
    assert "## Where sources differ" in handout
    assert "- **Number of dead**: 12 (A, C) · At least 15 (B)" in handout
    assert handout.rstrip().endswith(
        "Sources: A East Africa Wire, March 3, 2026; B The Daily Courier, March 4, 2026; "
        "C Global Report, March 3, 2026"
    )
    bilingual = render_document(ko, layout="bilingual", formats=("md",)).markdown
    assert "| Where sources differ | 출처 간 차이 |" in bilingual
    assert "| **Number of dead**: 12 (A, C); At least 15 (B) |" in bilingual
    assert (
        "| Sources | 출처 |" in bilingual and "| **C** — Global Report, March 3, 2026:" in bilingual
    )
