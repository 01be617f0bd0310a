"""Split English prose into sentences for translation, without downloading anything.

Argos's own splitters fetch models at run time; the brief's prose is short, clean English
(sentences and clauses composed from an article already parsed with spaCy), so a rule-based
splitter that knows common abbreviations is enough.
"""

from __future__ import annotations

import re

# Words that end with a period without ending a sentence (compared lower-cased, no final dot).
ABBREVIATIONS = frozenset(
    """
mr mrs ms dr prof gen col lt sgt capt cmdr adm maj gov sen rep pres amb rev st sr jr
no nos vs etc inc corp ltd co dept univ est approx fig
jan feb mar apr jun jul aug sep sept oct nov dec
u.s u.n u.k u.s.a e.u e.g i.e a.m p.m d.c
""".split()
)

# End punctuation, optional closing quotes/brackets, whitespace, then a likely sentence start.
_BOUNDARY = re.compile(r"""([.!?…]+)(["'”’»)\]]*)(\s+)(?=["'“‘«(\[]?[A-Z0-9])""")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _is_abbreviation(text: str, end: int) -> bool:
    """Tell whether the period ending at `end` belongs to an abbreviation or an initial."""
    match = _WORD_BEFORE.search(text, 0, end + 1)
    if not match:
        return False
    word = match.group(1).rstrip(".").lower()
    if word in ABBREVIATIONS:
        return True
    # A single capital letter is an initial ("John F. Kennedy"); dotted capitals an acronym.
    token = match.group(1)
    return bool(re.fullmatch(r"[A-Z]\.?|(?:[A-Za-z]\.){2,}", token))


def split_sentences(text: str) -> list[str]:
    """Split `text` into sentences; line breaks always end a sentence."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        start = 0
        for m in _BOUNDARY.finditer(line):
            if m.group(1) == "." and _is_abbreviation(line, m.start(1)):
                continue
            sentences.append(line[start : m.start(3)])
            start = m.end(3)
        if start < len(line):
            sentences.append(line[start:])
    return [s for s in sentences if s.strip()]
