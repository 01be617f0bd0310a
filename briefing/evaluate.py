"""Score extracted Facts against hand-made gold facts, ours and a spaCy + textacy peer side by side.

Usage: ``briefing eval DIR`` (or ``python -m briefing eval DIR``). DIR holds ``NAME.txt``
articles with ``NAME.gold.json`` beside them. The matching rules follow the development set's
README:

- names are compared after folding case, quotes, hyphens, dots and possessives and dropping
  honorifics; a predicted entity matches a gold one by its full name, any alias, or one name
  containing the other (on word boundaries); matching is one-to-one; gold entries marked
  ``optional`` are neither required nor counted against a prediction that matches them;
- a gold quote is found when one predicted quote holds at least 80 % of its words and at least
  half of the prediction's words are the gold quote's (one-to-one); its speaker is right when it
  matches the gold speaker's name or aliases, or, for an unnamed speaker, when their content
  words overlap with F1 ≥ 0.5;
- a role is right when its content words overlap the gold role with F1 ≥ 0.5 (a gold person
  with a role that was not found counts as a wrong role);
- a stake is found when some predicted stake holds at least half of its content words.

Only what the brief prints is scored: facts whose confidence is below
``models.PRINT_CONFIDENCE`` are left out before scoring, as `compose` leaves them out.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .compose import printable
from .errors import InputError
from .folding import fold_name, name_forms, words
from .io import read_text_bounded
from .models import Article, Facts, Organization, Person, Place, Quote

if TYPE_CHECKING:
    from spacy.language import Language

QUOTE_WORDS = 0.8  # share of a gold quote's words a prediction must hold
QUOTE_PURITY = 0.5  # share of a prediction's words that must be the gold quote's
OVERLAP_F1 = 0.5  # content-word F1 for roles and unnamed speakers
STAKE_WORDS = 0.5  # share of a gold stake's content words a predicted stake must hold
MAX_GOLD_BYTES = 5_000_000  # a gold file is hand-made: a few KB

Extractor = Callable[[Article], Facts]


# ---------------------------------------------------------------------- text folding


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"s"}


def content_words(text: str) -> list[str]:
    """Return the words of `text` that are not stop words."""
    stops = _stop_words()
    return [w for w in words(text) if w not in stops]


def overlap_f1(predicted: str, gold: str) -> float:
    """Return the F1 of the content-word overlap between two texts."""
    p, g = Counter(content_words(predicted)), Counter(content_words(gold))
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def _contains_words(longer: str, shorter: str) -> bool:
    return bool(shorter) and f" {shorter} " in f" {longer} "


def names_match(predicted: str, gold_forms: list[str], *, loose: bool = True) -> bool:
    """Tell whether a predicted name equals, or (loose) contains or is contained in, a gold form."""
    p = fold_name(predicted)
    if not p:
        return False
    if p in gold_forms:
        return True
    return loose and any(_contains_words(p, g) or _contains_words(g, p) for g in gold_forms)


# ---------------------------------------------------------------------- scoring


@dataclass
class Counts:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float | None:
        """Return tp / (tp + fp), None when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """Return tp / (tp + fn), None when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """Return the harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Ratio:
    """A count of successes out of a number of trials."""

    hit: int = 0
    total: int = 0

    def __iadd__(self, other: Ratio) -> Ratio:
        self.hit += other.hit
        self.total += other.total
        return self

    @property
    def value(self) -> float | None:
        """Return hit / total, None when there were no trials."""
        return self.hit / self.total if self.total else None


@dataclass
class Score:
    """Every figure for one article (or the totals over several)."""

    name: str
    people: Counts = field(default_factory=Counts)
    organizations: Counts = field(default_factory=Counts)
    places: Counts = field(default_factory=Counts)
    quotes: Counts = field(default_factory=Counts)
    direct_quotes: Counts = field(default_factory=Counts)  # predicted direct quotes only
    speakers: Ratio = field(default_factory=Ratio)
    roles: Ratio = field(default_factory=Ratio)
    stakes: Ratio = field(default_factory=Ratio)
    event_date: Ratio = field(default_factory=Ratio)
    seconds: float = 0.0
    articles: int = 1
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Add another article's counts into these totals."""
        for key in (
            "people",
            "organizations",
            "places",
            "quotes",
            "direct_quotes",
            "speakers",
            "roles",
            "stakes",
            "event_date",
        ):
            acc = getattr(self, key)
            acc += getattr(other, key)
        self.seconds += other.seconds
        self.articles += other.articles

    def figures(self) -> dict[str, float | None]:
        """Return the headline figures, None where there was nothing to measure."""
        return {
            "people_p": self.people.precision,
            "people_r": self.people.recall,
            "people_f1": self.people.f1,
            "orgs_p": self.organizations.precision,
            "orgs_r": self.organizations.recall,
            "orgs_f1": self.organizations.f1,
            "places_p": self.places.precision,
            "places_r": self.places.recall,
            "places_f1": self.places.f1,
            "quote_recall": self.quotes.recall,
            "quote_precision": self.quotes.precision,
            "direct_quote_precision": self.direct_quotes.precision,
            "speaker_acc": self.speakers.value,
            "role_acc": self.roles.value,
            "stakes_recall": self.stakes.value,
            "event_date_acc": self.event_date.value,
            "seconds_per_article": self.seconds / self.articles if self.articles else None,
        }


def match_entities(
    predicted: list[tuple[str, list[str]]], gold: list[dict[str, Any]]
) -> tuple[Counts, dict[int, int]]:
    """Match predicted (name, aliases) to gold entities one-to-one; return counts and gold→pred."""
    forms = [name_forms(g["name"], g.get("aliases", [])) for g in gold]
    pairs: dict[int, int] = {}
    used: set[int] = set()
    # Exact matches first, so a containment match cannot steal an entity's exact partner.
    for loose in (False, True):
        for gi, gforms in enumerate(forms):
            if gi in pairs:
                continue
            for pi, (pname, paliases) in enumerate(predicted):
                if pi in used:
                    continue
                if names_match(pname, gforms, loose=loose) or (
                    not loose and any(fold_name(a) in gforms for a in paliases)
                ):
                    pairs[gi] = pi
                    used.add(pi)
                    break
    counts = Counts()
    for gi, g in enumerate(gold):
        optional = bool(g.get("optional"))
        if gi in pairs:
            counts.tp += 0 if optional else 1
        elif not optional:
            counts.fn += 1
    counts.fp = len(predicted) - len(pairs)
    return counts, pairs


def _quote_match(pred: str, gold: str) -> float:
    """Return a match score in (0, 1] when `pred` holds `gold` by the rules, else 0."""
    p, g = Counter(words(pred)), Counter(words(gold))
    if not p or not g:
        return 0.0
    common = sum((p & g).values())
    held, purity = common / sum(g.values()), common / sum(p.values())
    if held >= QUOTE_WORDS and purity >= QUOTE_PURITY:
        return held * purity
    return 0.0


def _speaker_right(predicted: str, gold_speaker: str, gold: dict[str, Any]) -> bool:
    for entity in [*gold.get("people", []), *gold.get("organizations", [])]:
        forms = name_forms(entity["name"], entity.get("aliases", []))
        if fold_name(gold_speaker) in forms:
            return names_match(predicted, forms)
    return overlap_f1(predicted, gold_speaker) >= OVERLAP_F1 or names_match(
        predicted, [fold_name(gold_speaker)]
    )


def _entity_misses(
    label: str,
    predicted: list[tuple[str, list[str]]],
    gold: list[dict[str, Any]],
    pairs: dict[int, int],
) -> list[str]:
    """List the gold entities not found and the predicted ones that match no gold entity."""
    out = [
        f"{label} missed: {g['name']!r}"
        for gi, g in enumerate(gold)
        if gi not in pairs and not g.get("optional")
    ]
    matched = set(pairs.values())
    out += [f"{label} extra: {p!r}" for pi, (p, _) in enumerate(predicted) if pi not in matched]
    return out


def score_facts(facts: Facts, gold: dict[str, Any], name: str, seconds: float = 0.0) -> Score:
    """Score one article's printed facts (confidence ≥ PRINT_CONFIDENCE) against its gold facts."""
    facts = printable(facts)
    score = Score(name=name, seconds=seconds)
    people = [(p.name, p.aliases) for p in facts.people]
    score.people, person_pairs = match_entities(people, gold.get("people", []))
    score.misses += _entity_misses("person", people, gold.get("people", []), person_pairs)
    orgs = [(o.name, o.aliases) for o in facts.organizations]
    score.organizations, org_pairs = match_entities(orgs, gold.get("organizations", []))
    score.misses += _entity_misses("org", orgs, gold.get("organizations", []), org_pairs)
    places = [(p.name, p.aliases) for p in facts.places]
    score.places, place_pairs = match_entities(places, gold.get("places", []))
    score.misses += _entity_misses("place", places, gold.get("places", []), place_pairs)

    for gi, g in enumerate(gold.get("people", [])):
        if g.get("optional") or not g.get("role"):
            continue
        pi = person_pairs.get(gi)
        role = facts.people[pi].role if pi is not None else None
        right = bool(role) and overlap_f1(role or "", g["role"]) >= OVERLAP_F1
        score.roles += Ratio(int(right), 1)
        if not right:
            score.misses.append(f"role {g['name']!r}: {role!r} vs {g['role']!r}")

    # Quotes: best-scoring pairs first, one-to-one.
    gq = gold.get("quotes", [])
    candidates = sorted(
        (
            (_quote_match(q.text, g["text"]), gi, pi)
            for gi, g in enumerate(gq)
            for pi, q in enumerate(facts.quotes)
        ),
        reverse=True,
    )
    found: dict[int, int] = {}
    used: set[int] = set()
    for s, gi, pi in candidates:
        if s <= 0 or gi in found or pi in used:
            continue
        found[gi] = pi
        used.add(pi)
    score.quotes = Counts(tp=len(found), fp=len(facts.quotes) - len(found), fn=len(gq) - len(found))
    # Direct quotes alone: the figure to compare with an extractor that finds only those.
    direct = [pi for pi, q in enumerate(facts.quotes) if q.direct]
    matched = set(found.values())
    score.direct_quotes = Counts(
        tp=sum(pi in matched for pi in direct), fp=sum(pi not in matched for pi in direct)
    )
    # Predicted quotes that match no gold quote: what costs quote precision.
    for pi, q in enumerate(facts.quotes):
        if pi not in matched:
            score.misses.append(f"quote extra ({q.speaker}): {q.text[:70]!r}")
    for gi, g in enumerate(gq):
        if gi not in found:
            score.misses.append(f"quote missed ({g['speaker']}): {g['text'][:70]!r}")
            continue
        predicted = facts.quotes[found[gi]].speaker
        right = _speaker_right(predicted, g["speaker"], gold)
        score.speakers += Ratio(int(right), 1)
        if not right:
            score.misses.append(f"speaker {predicted!r} vs {g['speaker']!r}: {g['text'][:50]!r}")

    for stake in gold.get("stakes", []):
        need = Counter(content_words(stake))
        hit = any(
            sum((Counter(content_words(s.text)) & need).values())
            >= STAKE_WORDS * sum(need.values())
            for s in facts.stakes
        )
        score.stakes += Ratio(int(hit), 1)
        if not hit:
            score.misses.append(f"stake missed: {stake!r}")

    if gold.get("event_date"):
        right = facts.event_date == dt.date.fromisoformat(gold["event_date"])
        score.event_date += Ratio(int(right), 1)
        if not right:
            score.misses.append(f"event date {facts.event_date} vs {gold['event_date']}")
    return score


# ---------------------------------------------------------------------- the peer


def peer_extract(article: Article, nlp: Language) -> Facts:
    """Extract facts the reference way: spaCy NER as is, textacy direct quotations.

    Every distinct PERSON/ORG/place string is its own entity (no merging), quotes are
    textacy.extract.triples.direct_quotations with the speaker tokens as written.
    """
    from textacy.extract.triples import direct_quotations

    doc = nlp(article.text)
    seen: dict[str, set[str]] = {"person": set(), "org": set(), "place": set()}
    people: list[Person] = []
    orgs: list[Organization] = []
    places: list[Place] = []
    for ent in doc.ents:
        text = ent.text.strip()
        if ent.label_ == "PERSON" and text not in seen["person"]:
            seen["person"].add(text)
            people.append(Person(name=text))
        elif ent.label_ == "ORG" and text not in seen["org"]:
            seen["org"].add(text)
            orgs.append(Organization(name=text))
        elif ent.label_ in ("GPE", "LOC", "FAC") and text not in seen["place"]:
            seen["place"].add(text)
            places.append(Place(name=text))
    quotes: list[Quote] = []
    try:
        triples = list(direct_quotations(doc))
    except Exception:  # textacy gives up on unbalanced quote marks; the peer then has none
        triples = []
    for speaker, _cue, content in triples:
        text = content.text.strip().strip("\"“”'‘’").strip()
        quotes.append(Quote(speaker=" ".join(t.text for t in speaker), text=text, direct=True))
    return Facts(article=article, people=people, organizations=orgs, places=places, quotes=quotes)


# ---------------------------------------------------------------------- running


@dataclass
class Report:
    """Per-article scores and totals for our extractor and, optionally, the peer."""

    rows: list[Score]
    total: Score
    peer_rows: list[Score] = field(default_factory=list)
    peer_total: Score | None = None
    model: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""

        def one(s: Score) -> dict[str, Any]:
            return {
                "name": s.name,
                "articles": s.articles,
                **s.figures(),
                "counts": {
                    k: asdict(getattr(s, k))
                    for k in (
                        "people",
                        "organizations",
                        "places",
                        "quotes",
                        "direct_quotes",
                        "speakers",
                        "roles",
                        "stakes",
                        "event_date",
                    )
                },
            }

        out: dict[str, Any] = {
            "model": self.model,
            "ours": {"total": one(self.total), "articles": [one(r) for r in self.rows]},
        }
        if self.peer_total is not None:
            out["peer"] = {
                "total": one(self.peer_total),
                "articles": [one(r) for r in self.peer_rows],
            }
        return out


def gold_pairs(directory: Path) -> list[tuple[Path, Path]]:
    """Return (article, gold) path pairs found in `directory`, sorted by name."""
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory")
    pairs = []
    for gold in sorted(directory.glob("*.gold.json")):
        article = gold.with_name(gold.name[: -len(".gold.json")] + ".txt")
        if article.exists():
            pairs.append((article, gold))
    if not pairs:
        raise InputError(f"{directory}: no NAME.txt + NAME.gold.json pairs found")
    return pairs


def _load_gold(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(read_text_bounded(path, MAX_GOLD_BYTES))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: cannot read gold facts: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: gold facts must be a JSON object")
    return data


# ---------------------------------------------------------------------- story grouping


def load_grouping(path: Path) -> dict[str, str]:
    """Read a labelled grouping: a JSON object mapping each article's file name to its story."""
    data = _load_gold(path)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise InputError(f"{path}: a grouping maps file names to story names (both strings)")
    return data


def score_grouping(stories: Sequence[Sequence[str]], gold: Mapping[str, str]) -> Counts:
    """Score a grouping pairwise: a pair of articles put in one story is right when the gold
    puts them in one story too; a pair the gold puts in one story and the grouping does not is
    missed. Articles are named by file name; each must be labelled in `gold`."""
    story_of = {name: i for i, names in enumerate(stories) for name in names}
    unlabelled = sorted(set(story_of) - set(gold))
    if unlabelled:
        raise InputError(f"not in the labelled grouping: {', '.join(unlabelled)}")
    counts = Counts()
    for a, b in itertools.combinations(sorted(story_of), 2):
        predicted, expected = story_of[a] == story_of[b], gold[a] == gold[b]
        counts.tp += predicted and expected
        counts.fp += predicted and not expected
        counts.fn += expected and not predicted
    return counts


def run(
    directory: Path,
    extractor: Extractor,
    *,
    name: str = "ours",
    progress: Callable[[str], None] | None = None,
) -> tuple[list[Score], Score]:
    """Score `extractor` on every article of `directory`; return per-article rows and totals."""
    from .ingest import read_article

    rows: list[Score] = []
    total = Score(name=name, articles=0)
    for article_path, gold_path in gold_pairs(directory):
        article = read_article(article_path)
        gold = _load_gold(gold_path)
        start = time.perf_counter()
        facts = extractor(article)
        seconds = time.perf_counter() - start
        row = score_facts(facts, gold, article_path.stem, seconds)
        rows.append(row)
        total.add(row)
        if progress is not None:
            progress(article_path.stem)
    return rows, total


def evaluate(
    directory: str | Path,
    *,
    model: str | None = None,
    peer: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Evaluate our extractor (and the spaCy + textacy peer) on the gold facts in `directory`."""
    from .config import Settings
    from .extract import extract
    from .nlp import load_pipeline

    settings = Settings() if model is None else Settings(spacy_model=model)
    nlp = load_pipeline(settings.spacy_model)
    directory = Path(directory)
    rows, total = run(
        directory, lambda a: extract(a, nlp=nlp, settings=settings), progress=progress
    )
    report = Report(rows=rows, total=total, model=settings.spacy_model)
    if peer:
        import textacy.extract.triples  # noqa: F401 - imported before timing, like the model load

        report.peer_rows, report.peer_total = run(
            directory, lambda a: peer_extract(a, nlp), name="peer", progress=progress
        )
    return report


# ---------------------------------------------------------------------- formatting

COLUMNS = [
    ("people_f1", "people F1"),
    ("people_p", "people P"),
    ("orgs_f1", "orgs F1"),
    ("orgs_p", "orgs P"),
    ("places_f1", "places F1"),
    ("places_p", "places P"),
    ("quote_recall", "quote R"),
    ("quote_precision", "quote P"),
    ("direct_quote_precision", "direct P"),
    ("speaker_acc", "speaker"),
    ("role_acc", "role"),
    ("stakes_recall", "stakes R"),
    ("event_date_acc", "date"),
    ("seconds_per_article", "s/article"),
]
# The targets of issue 12, on the development set and on unseen articles alike.
TARGETS = {
    "people_f1": 0.95,
    "people_p": 0.95,
    "orgs_f1": 0.85,
    "places_f1": 0.92,
    "places_p": 0.95,
    "quote_recall": 0.95,
    "quote_precision": 0.95,
    "speaker_acc": 0.95,
    "role_acc": 0.92,
    "stakes_recall": 0.50,
    "event_date_acc": 0.95,
}


def _cell(value: float | None, key: str) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if key == "seconds_per_article" else f"{value:.2f}"


def format_table(report: Report) -> str:
    """Format the report as Markdown tables: per-article rows, then totals (ours, peer)."""
    head = "| article | " + " | ".join(label for _, label in COLUMNS) + " |"
    rule = "|---|" + "---:|" * len(COLUMNS)
    lines = [f"Per article (ours, {report.model}):", "", head, rule]
    for row in report.rows:
        f = row.figures()
        lines.append(f"| {row.name} | " + " | ".join(_cell(f[k], k) for k, _ in COLUMNS) + " |")
    lines += [
        "",
        f"Totals over {report.total.articles} articles:",
        "",
        head.replace("| article |", "| extractor |", 1),
        rule,
    ]
    totals = [("ours", report.total)]
    if report.peer_total is not None:
        totals.append(("peer: spaCy NER + textacy quotes", report.peer_total))
    for label, score in totals:
        f = score.figures()
        if score is report.peer_total:
            # The peer finds neither roles, stakes nor dates: print them as not measured.
            f = {**f, "role_acc": None, "stakes_recall": None, "event_date_acc": None}
        lines.append(f"| {label} | " + " | ".join(_cell(f[k], k) for k, _ in COLUMNS) + " |")
    target_row = " | ".join(f"≥ {TARGETS[k]:.2f}" if k in TARGETS else "" for k, _ in COLUMNS)
    lines.append(f"| target | {target_row} |")
    return "\n".join(lines)


def format_misses(report: Report) -> str:
    """List what our extractor missed or added, article by article (for developers)."""
    out = []
    for row in report.rows:
        if row.misses:
            out.append(f"{row.name}:")
            out += [f"  - {m}" for m in row.misses]
    return "\n".join(out)


def unmet_targets(score: Score) -> list[str]:
    """Return the names of the targets `score` does not reach."""
    f = score.figures()
    return [k for k, t in TARGETS.items() if (v := f[k]) is not None and v < t]
