"""Group articles into stories: which articles tell the same event.

Two articles are compared on three things:

- what they say: the title and the lead (the first LEAD_SENTENCES sentences) as TF-IDF
  vectors over words (stop words out), cosine similarity;
- whom and where they name: the people, organisations and places extracted from them (names
  folded, aliases included) as TF-IDF vectors too, so that a name every article carries
  ("United States") counts for little and a rare one ("Lake Victoria") for much;
- when: the day of the event (the extracted event date, else the publication date).

score = TEXT_WEIGHT × text + (1 − TEXT_WEIGHT) × names, times DAY_FACTORS[gap in days]: the
same day counts fully, a day apart a little less (outlets disagree on dates, or publish after
midnight), two or three days apart much less (the same people the next time they made news),
and beyond WINDOW_DAYS not at all. A preview (an article whose event lies after its own date:
"will meet on Thursday") and a report of what happened are never one story.

Articles are then joined by average-linkage clustering (scikit-learn) while the average score
between two groups is at least THRESHOLD. Everything is computed once, as sparse matrix
products over all articles, so 500 articles group in well under a second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..folding import fold_name
from ..models import PRINT_CONFIDENCE, Facts, Organization, Person, Place

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float64]

LEAD_SENTENCES = 3
TEXT_WEIGHT = 0.6
WINDOW_DAYS = 3
# Score factor by the gap between two articles' event days: 0, 1, 2 or 3 days.
DAY_FACTORS = (1.0, 0.8, 0.5, 0.35)
THRESHOLD = 0.24


def event_day(facts: Facts) -> dt.date | None:
    """Return the day an article's event took place, as far as it says: else its own date."""
    return facts.event_date or facts.article.published


def prospective(facts: Facts) -> bool:
    """Tell whether an article looks ahead: its event lies after the day it was published."""
    published = facts.article.published
    return facts.event_date is not None and published is not None and facts.event_date > published


def lead_text(facts: Facts, sentences: int = LEAD_SENTENCES) -> str:
    """Return an article's title and lead: what TF-IDF compares."""
    text = facts.article.text
    if facts.sentences:
        lead = " ".join(text[s.start : s.end] for s in facts.sentences[:sentences])
    else:  # facts written by hand may list no sentences
        lead = text[:1000]
    return f"{facts.article.title or ''}\n{lead}"


def names(facts: Facts) -> list[str]:
    """Return the folded names (and aliases) of an article's people, organisations and places."""
    found: dict[str, None] = {}
    named: list[Person | Organization | Place] = [
        *facts.people,
        *facts.organizations,
        *facts.places,
    ]
    for fact in named:
        if fact.confidence < PRINT_CONFIDENCE:
            continue
        for form in (fact.name, *fact.aliases):
            folded = fold_name(form)
            if len(folded) > 1:
                found[folded] = None
    return list(found)


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _cosines(vectorizer: object, docs: list[str] | list[list[str]]) -> Matrix:
    """Return the cosine similarity of every pair of documents (TF-IDF rows are unit length)."""
    import numpy as np

    try:
        x = vectorizer.fit_transform(docs)  # type: ignore[attr-defined]
    except ValueError:  # every document empty (after stop words): nothing to compare
        return np.zeros((len(docs), len(docs)))
    return np.asarray((x @ x.T).toarray(), dtype=np.float64)


def similarity(facts: Sequence[Facts]) -> Matrix:
    """Return the n × n story score of every pair of articles (1 on the diagonal)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    text = _cosines(
        TfidfVectorizer(stop_words="english", sublinear_tf=True, strip_accents="unicode"),
        [lead_text(f) for f in facts],
    )
    named = _cosines(
        TfidfVectorizer(analyzer=_identity, sublinear_tf=True), [names(f) for f in facts]
    )
    score = TEXT_WEIGHT * text + (1 - TEXT_WEIGHT) * named

    # Days as numbers (NaN when unknown), then the gap of every pair by broadcasting.
    days = np.array(
        [d.toordinal() if (d := event_day(f)) else np.nan for f in facts], dtype=np.float64
    )
    gap = np.abs(days[:, None] - days[None, :])
    factors = np.array([*DAY_FACTORS, 0.0])
    known = ~np.isnan(gap)
    index = np.where(known, np.minimum(np.nan_to_num(gap), len(DAY_FACTORS)), 0).astype(int)
    score *= np.where(known, factors[index], 1.0)

    ahead = np.array([prospective(f) for f in facts])
    score[ahead[:, None] != ahead[None, :]] = 0.0
    np.fill_diagonal(score, 1.0)
    return np.clip(score, 0.0, 1.0)


def cluster(score: Matrix, threshold: float = THRESHOLD) -> list[list[int]]:
    """Cluster by average linkage: groups join while their average score is ≥ `threshold`."""
    n = len(score)
    if n < 2:
        return [[i] for i in range(n)]
    from sklearn.cluster import AgglomerativeClustering

    labels = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=1.0 - threshold + 1e-9,
    ).fit_predict(1.0 - score)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return sorted(groups.values())


def group_articles(
    facts: Sequence[Facts], known: Sequence[str | None] | None = None
) -> list[list[int]]:
    """Return the stories the articles tell, as lists of indexes into `facts`.

    Each story lists its articles in the order given; stories are ordered by their first
    article. `known` (one entry per article) marks articles already filed under a story: the
    stories they form are kept as they are (never split, never joined to one another), and a
    new article that clusters with one joins it — with several, the one it scores best with
    on average. New articles that cluster only with each other form new stories.
    """
    import numpy as np

    labels = list(known) if known is not None else [None] * len(facts)
    if len(labels) != len(facts):
        raise ValueError("known must have one entry per article")
    score = similarity(facts)
    stories: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        if label is not None:
            stories.setdefault(label, []).append(i)
    fresh: list[list[int]] = []
    for members in cluster(score):
        new = [i for i in members if labels[i] is None]
        held = list(dict.fromkeys(label for i in members if (label := labels[i]) is not None))
        if not held:
            fresh.append(new)
            continue
        for i in new:
            # The story it scores best with on average; the first such on a tie.
            averages = [float(np.mean(score[i, np.array(stories[h])])) for h in held]
            stories[held[averages.index(max(averages))]].append(i)
    return sorted([sorted(s) for s in stories.values()] + fresh)
