"""Typed models passed between pipeline stages; all round-trip through JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, TypedDict

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .vocabulary import SOURCE_LANG, Layout

SCHEMA_VERSION = 1


class Model(BaseModel):
    """Base for every model: unknown fields are errors, so hand edits are checked."""

    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- ingest


class Header(TypedDict, total=False):
    """Article metadata given beside its text (flags, a feed); it wins over the text's header."""

    title: str | None
    source: str | None
    date: dt.date | str | None


class FeedEntry(TypedDict, total=False):
    """A feed entry as the digest keeps it (JSON in its state database) until it is briefed."""

    title: str | None
    link: str | None
    content: str
    content_type: str
    published: str | None  # ISO 8601, UTC
    author: str | None
    source: str | None  # the feed's name


class Article(Model):
    """A news article as read from a file, stdin, URL or feed entry."""

    text: str = Field(description="Body text, paragraphs separated by blank lines.")
    title: str | None = None
    source: str | None = Field(None, description="Publisher, e.g. 'Voice of America (VOA)'.")
    url: str | None = None
    published: dt.date | None = Field(None, description="Publication date of the article.")
    language: str = SOURCE_LANG
    origin: str | None = Field(None, description="Where it was read from: a path, '-', or a URL.")


# --------------------------------------------------------------------------- extract

# How strongly the text supports a fact as extracted, from 0 to 1. 1.0: a pattern with strong
# evidence (a name NER and a gazetteer agree on; "said Jane Roe" right after the quote).
# Lower: the evidence is weaker (a type guessed from context alone; a speaker found two
# sentences away). Facts below PRINT_CONFIDENCE stay in the facts JSON, for a reader who wants
# to check them, but the brief does not print them: one wrong fact costs more trust than one
# missing fact.
PRINT_CONFIDENCE = 0.5


def _confidence() -> Any:
    return Field(1.0, ge=0.0, le=1.0, description="How strongly the text supports this fact (0-1).")


class Evidence(Model):
    """Where a fact comes from: a sentence of the article and a character span in its text.

    In a story (several articles told as one) `article` names which article: 0 is article A.
    A one-article fact leaves it out, so its JSON is what it always was.
    """

    sentence: int = Field(ge=0, description="Index of the sentence in the article (0-based).")
    start: int = Field(ge=0, description="Start offset of the span in Article.text.")
    end: int = Field(ge=0, description="End offset (exclusive) of the span in Article.text.")
    article: int | None = Field(
        None,
        ge=0,
        description="Index of the article in a story (0 = A); absent for a one-article fact.",
        exclude_if=lambda value: value is None,
    )


class Person(Model):
    name: str = Field(description="Fullest form of the name in the text.")
    aliases: list[str] = Field(default_factory=list, description="Other forms used in the text.")
    role: str | None = Field(None, description="Role or title as the text states it.")
    affiliation: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = _confidence()


class Organization(Model):
    name: str
    aliases: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = _confidence()


PlaceKind = Literal["country", "city", "region", "facility", "other"]


class Place(Model):
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: PlaceKind = "other"
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = _confidence()


class Quote(Model):
    speaker: str = Field(description="Canonical name of the speaker, or a description if unnamed.")
    text: str = Field(description="Quoted words without quote marks, or the reported clause.")
    direct: bool = Field(description="True for quoted words, false for reported speech.")
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = _confidence()


class Stake(Model):
    text: str = Field(description="A short phrase naming what is at issue.")
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = _confidence()


class Sentence(Model):
    """A sentence of the article, kept so evidence can be shown and checked."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    paragraph: int = Field(0, ge=0)


class Facts(Model):
    """Everything extracted from one article, with evidence for each fact."""

    schema_version: int = SCHEMA_VERSION
    article: Article
    sentences: list[Sentence] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    stakes: list[Stake] = Field(default_factory=list)
    event_date: dt.date | None = Field(None, description="Date of the main event.")
    dates: list[DatedEvent] = Field(default_factory=list, description="Other dated events.")
    credits: list[str] = Field(
        default_factory=list, description="Source credits: bylines, 'X contributed to this report'."
    )

    @model_validator(mode="after")
    def _spans_in_text(self) -> Facts:
        """Check that every sentence and evidence span lies in the article's text.

        A hand-edited facts file is input like any other: a span outside the text is refused
        here, with its place named, rather than failing later in compose or render.
        """
        size = len(self.article.text)
        spans: list[tuple[str, Sentence | Evidence]] = [
            (f"sentences.{i}", s) for i, s in enumerate(self.sentences)
        ]
        spans += fact_evidence(self)
        for where, span in spans:
            if not span.start <= span.end <= size:
                raise ValueError(
                    f"{where}: span {span.start}-{span.end} is not within the article text "
                    f"(0-{size})"
                )
        return self


# The lists of facts that Facts and StoryFacts share, each fact with its evidence.
FACT_LISTS = ("people", "organizations", "places", "quotes", "stakes", "dates")


def fact_evidence(facts: Facts | StoryFacts) -> list[tuple[str, Evidence]]:
    """Return every fact's evidence with its place ('people.0.evidence.1'), for checks."""
    return [
        (f"{kind}.{i}.evidence.{j}", e)
        for kind in FACT_LISTS
        for i, fact in enumerate(getattr(facts, kind))
        for j, e in enumerate(fact.evidence)
    ]


class DatedEvent(Model):
    date: dt.date
    text: str = Field(description="What happened on that date (a sentence or clause).")
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = _confidence()


Facts.model_rebuild()


def article_letter(index: int) -> str:
    """Name a story's article by its index in evidence markers: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def source_count(evidence: list[Evidence]) -> int:
    """Count the articles of a story that the evidence points into."""
    return len({e.article for e in evidence if e.article is not None})


# --------------------------------------------------------------------------- stories

# What the articles of a story can disagree on: the number of dead or injured, an amount of
# money, the day of the event, who said a quote.
DifferenceKind = Literal["dead", "injured", "amount", "date", "speaker"]


class Claim(Model):
    """One side of a disagreement: what some of a story's articles say, with their evidence."""

    value: str = Field(description="The figure, date or speaker as the articles give it.")
    date: dt.date | None = Field(None, description="For a date: the day these articles give.")
    evidence: list[Evidence] = Field(default_factory=list)


class Disagreement(Model):
    """A figure or fact that a story's articles give differently, each side with its sources."""

    kind: DifferenceKind
    about: str | None = Field(
        None, description="What the figure is of ('fine'), or the quote whose speaker differs."
    )
    claims: list[Claim] = Field(min_length=2)


class StoryFacts(Model):
    """The merged facts of several articles that tell one story, article A first.

    `articles` keeps each article's own facts (its text and sentences); every merged fact's
    evidence names an article (`Evidence.article`, 0 = A) and a sentence of it, so a brief can
    mark each fact with every article that supports it.
    """

    schema_version: int = SCHEMA_VERSION
    articles: list[Facts] = Field(min_length=1)
    people: list[Person] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    stakes: list[Stake] = Field(default_factory=list)
    event_date: dt.date | None = Field(None, description="The day most articles give.")
    dates: list[DatedEvent] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _evidence_in_articles(self) -> StoryFacts:
        """Check that every piece of evidence names one of the articles and lies in its text."""
        spans = fact_evidence(self)
        for i, d in enumerate(self.disagreements):
            for j, claim in enumerate(d.claims):
                where = f"disagreements.{i}.claims.{j}.evidence"
                spans += [(f"{where}.{k}", e) for k, e in enumerate(claim.evidence)]
        for where, e in spans:
            if e.article is None or e.article >= len(self.articles):
                raise ValueError(f"{where}: article {e.article!r} is not one of the story's")
            size = len(self.articles[e.article].article.text)
            if not e.start <= e.end <= size:
                raise ValueError(
                    f"{where}: span {e.start}-{e.end} is not within article "
                    f"{article_letter(e.article)} (0-{size})"
                )
        return self


# --------------------------------------------------------------------------- compose / translate

TextKind = Literal["label", "name", "prose"]


class Text(Model):
    """One piece of text in a brief, marked by how it may be translated.

    label: fixed UI text (catalog); name: an entity name (glossary); prose: free text (MT).
    After translation `source` keeps the English original, so layouts can show both.
    """

    kind: TextKind
    text: str
    source: str | None = None
    untranslated: bool = False


def prose(text: str) -> Text:
    """Make a prose Text item."""
    return Text(kind="prose", text=text)


def name(text: str) -> Text:
    """Make a name Text item."""
    return Text(kind="name", text=text)


def label(text: str) -> Text:
    """Make a label Text item."""
    return Text(kind="label", text=text)


class BriefPerson(Model):
    name: Text
    role: Text | None = None
    affiliation: Text | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class BriefEntity(Model):
    name: Text
    kind: Text | None = Field(None, description="For places: country, city, region, facility.")
    evidence: list[Evidence] = Field(default_factory=list)


class BriefQuote(Model):
    speaker: Text
    text: Text
    direct: bool
    evidence: list[Evidence] = Field(default_factory=list)


class BriefItem(Model):
    text: Text
    evidence: list[Evidence] = Field(default_factory=list)


class TimelineEntry(Model):
    date: dt.date
    text: Text
    evidence: list[Evidence] = Field(default_factory=list)


class SourceInfo(Model):
    name: str | None = None
    title: str | None = Field(None, description="The article's headline (a story's sources).")
    url: str | None = None
    published: dt.date | None = None
    origin: str | None = None
    credits: list[str] = Field(default_factory=list)


class BriefClaim(Model):
    """One side of a 'Where sources differ' entry: a figure, a day or a speaker."""

    text: Text | None = Field(None, description="The figure or speaker; None for a day.")
    date: dt.date | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class BriefDifference(Model):
    """An entry of 'Where sources differ': what differs, and each side with its sources."""

    what: Text = Field(description="What differs: 'Number of dead', 'Who said it', ...")
    about: Text | None = Field(None, description="What the figure is of, or the quote.")
    claims: list[BriefClaim] = Field(default_factory=list)


class TranslationInfo(Model):
    """How a brief was machine-translated; shown on its first page."""

    source_lang: str = SOURCE_LANG
    engine: str = Field(description="Model package name, e.g. 'translate-en_ko'.")
    version: str = ""
    sentences: int = 0
    untranslated: int = Field(0, description="Sentences kept in English after a degenerate output.")
    cached: int = 0


class Brief(Model):
    """The composed analyst brief in one language."""

    schema_version: int = SCHEMA_VERSION
    lang: str = SOURCE_LANG
    slug: str
    title: Text
    bottom_line: BriefItem
    event_date: dt.date | None = None
    people: list[BriefPerson] = Field(default_factory=list)
    organizations: list[BriefEntity] = Field(default_factory=list)
    places: list[BriefEntity] = Field(default_factory=list)
    stakes: list[BriefItem] = Field(default_factory=list)
    reactions: list[BriefQuote] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    source: SourceInfo = Field(default_factory=SourceInfo)
    sources: list[SourceInfo] = Field(
        default_factory=list,
        description="A story's articles, A first (evidence markers name them); empty for one.",
    )
    differences: list[BriefDifference] = Field(default_factory=list)
    translation: TranslationInfo | None = None
    generator: str = ""

    @property
    def story(self) -> bool:
        """Tell whether this brief tells a story from several articles."""
        return bool(self.sources)

    def texts(self) -> list[Text]:
        """Return every Text item in reading order (the translate stage walks these)."""
        out: list[Text] = [self.title, self.bottom_line.text]
        for p in self.people:
            out += [t for t in (p.name, p.role, p.affiliation) if t is not None]
        for e in [*self.organizations, *self.places]:
            out += [t for t in (e.name, e.kind) if t is not None]
        out += [s.text for s in self.stakes]
        for q in self.reactions:
            out += [q.speaker, q.text]
        out += [t.text for t in self.timeline]
        for d in self.differences:
            out += [t for t in (d.what, d.about) if t is not None]
            out += [c.text for c in d.claims if c.text is not None]
        return out


# --------------------------------------------------------------------------- digest


class DigestStory(Model):
    """One story of a day's digest: its brief in the digest's language and in English."""

    brief: Brief
    english: Brief
    feed: str | None = None
    new: bool = False
    updated: bool = Field(
        False, description="Listed in an earlier edition of the day; this one adds sources."
    )
    link: str = Field(
        "", description="The full document's path relative to the digest, no extension."
    )


class FeedLine(Model):
    """A feed's line on the digest's cover."""

    name: str
    url: str
    status: str
    error: str | None = None
    new: int = 0


class Failure(Model):
    """Something that failed in a digest run: a feed or a story."""

    what: str
    error: str


class Digest(Model):
    """Everything a day's digest shows, in one language."""

    day: dt.date
    lang: str
    stories: list[DigestStory]
    feeds: list[FeedLine] = Field(default_factory=list)
    failures: list[Failure] = Field(default_factory=list)
    edited: list[str] = Field(default_factory=list)
    pending: int = 0
    generated: dt.datetime | None = None
    layout: Layout = Field("brief", description="The layout of the documents the stories link to.")

    @property
    def new_count(self) -> int:
        """Count the stories new in this edition."""
        return sum(1 for s in self.stories if s.new)

    @property
    def updated_count(self) -> int:
        """Count the stories listed before that this edition adds sources to."""
        return sum(1 for s in self.stories if s.updated)

    @property
    def update(self) -> bool:
        """Tell whether this is a later edition of the day (some stories were listed before)."""
        return any(not s.new for s in self.stories) and (self.new_count + self.updated_count) > 0
