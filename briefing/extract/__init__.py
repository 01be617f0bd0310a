"""Extract facts (people, organisations, places, quotes, stakes, dates) from an article.

One public function, `extract`, turns an `Article` into `Facts`. Each concern lives in its own
module: `entities` finds people, organisations and places (typed names from `mentions`, merged
into the `entries` it returns, roles from `people`); `quotes` (quotation marks in `quotemarks`,
who spoke in `speakers`), `stakes`, `dates`; short phrases cut from the parse for stakes live
in `compress`; language data (reporting verbs, titles, demonyms, country names, news outlets,
the vocabulary of each rule) lives in `lexicon`. No module imports one that imports it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Article, Facts
from .document import Layout, check_length, parse

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..config import Settings

__all__ = ["extract", "facts_from_doc"]


def extract(
    article: Article, *, nlp: Language | None = None, settings: Settings | None = None
) -> Facts:
    """Extract the facts of `article`, each with evidence into `article.text`.

    An article longer than `document.MAX_CHARS` is refused with an InputError, before the
    model is loaded or any text parsed.
    """
    check_length(article.text, article.origin)
    if nlp is None:
        from ..config import Settings as _Settings
        from ..nlp import load_pipeline

        # Every field has a default, given positionally to pydantic's Field, which mypy reads
        # as required without the pydantic plugin.
        nlp = load_pipeline((settings or _Settings()).spacy_model)
    return facts_from_doc(article, parse(article.text, nlp))


def facts_from_doc(article: Article, doc: Doc) -> Facts:
    """Extract the facts of `article` from its parsed text (see document.parse)."""
    from . import dates, entities, quotes, speakers, stakes

    layout = Layout.of(doc)
    found = entities.find(layout)
    names = speakers.resolver(layout, found)
    said = quotes.find(layout, found, names)
    named = dates.all_mentions(layout, article.published)
    event_date = dates.event_date(layout, article.published, named)
    return Facts(
        article=article,
        sentences=layout.table(),
        people=found.people(),
        organizations=found.organizations(),
        places=found.places(),
        quotes=said,
        stakes=stakes.find(layout, said, names, article.title),
        event_date=event_date,
        dates=dates.timeline(layout, article.published, event_date, named),
        credits=found.credits,
    )
