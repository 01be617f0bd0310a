"""Roles and affiliations of people, read from the parse around each mention of their name.

Patterns, tried in this order for each mention:
  - a title before the name:       "Ministry spokesman Ilya Marchenko"
  - an apposition either way:      "Ilya Marchenko, the ministry spokesman" /
                                   "The co-founder of X, Tomas Bekele"
  - a copula or relative clause:   "Ines Duarte is the U.N. ... representative" /
                                   "Park Sun-ho who is director of ..."
A bare title is completed by an organisation attached to the name
("Professor Choi Min-Hyuk from Daedong University’s Institute ...").
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from . import lexicon
from .document import Layout
from .entries import Entities, Entry

_EDGE_JUNK = {"the", "a", "an", ",", "—", "–", "-", "(", ")", "and", "its", "his", "her", "their"}
# Words that open a role only because the parse or a comma left them there: "whether" in "is
# whether the firm's founder", "both" in "both lecturers at …", "another" in "another poet".
_LEAD_JUNK = {"whether", "both", "another", "that", "if"}
# Parts of speech a title before a name is made of ("Deputy Director of Regional Planning",
# "the bank's newly appointed finance chief"); "of", "for", "to" and "on" join them.
_TITLE_POS = ("NOUN", "PROPN", "ADJ", "NUM")
_TITLE_JOINS = ("of", "for", "to", "on")
_MAX_TITLE = 10


class Roles:
    """Context for role finding: the parse and the merged entities."""

    def __init__(self, layout: Layout, entities: Entities) -> None:
        self.layout = layout
        self.entities = entities


def has_title(tokens: Iterable[Token], *, descriptions: bool = True) -> bool:
    """Tell whether any token is a role or title word ("spokesman", "Secretary-General").

    Titles written short count ("Gov.", "Lt. Col."); with `descriptions`, so do the nouns that
    describe a person by what they are to others ("resident", "blogger", "widow").
    """
    words = lexicon.TITLE_WORDS | lexicon.PERSON_NOUNS if descriptions else lexicon.TITLE_WORDS
    for t in tokens:
        low = t.lower_.rstrip(".")
        if low in words or t.lemma_.lower() in words:
            return True
        if t.text[:1].isupper() and low in lexicon.TITLE_ABBREVIATIONS:
            return True
        if any(part in words for part in low.split("-") if part):
            return True
    return False


def is_abbreviated_title(tokens: list[Token]) -> bool:
    """Tell whether a role is only short titles ("Gov.", "Lt. Col."): a role of little content."""
    words = [t for t in tokens if not t.is_punct]
    return bool(words) and all(t.lower_.rstrip(".") in lexicon.TITLE_ABBREVIATIONS for t in words)


def clean(tokens: list[Token], owner: str | None = None) -> str:
    """Join tokens into role text, dropping leading/trailing articles and punctuation.

    A leading possessive pronoun becomes `owner`'s name when it is known ("his widow" →
    "Jane Roe's widow").
    """
    if owner is not None and tokens and tokens[0].tag_ == "PRP$" and len(tokens) > 1:
        rest = clean(tokens[1:])
        if rest:
            mark = "’" if "’" in tokens[0].doc.text else "'"
            return f"{owner}{mark}s {rest}"
    while tokens and (
        tokens[0].lower_ in _EDGE_JUNK or tokens[0].lower_ in _LEAD_JUNK or tokens[0].is_space
    ):
        tokens = tokens[1:]
    while tokens and (
        tokens[-1].lower_ in _EDGE_JUNK or tokens[-1].is_punct or tokens[-1].is_space
    ):
        tokens = tokens[:-1]
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def title_run(name: Span) -> list[Token]:
    """Return the title written right before a name, read from the words themselves.

    "Deputy Director of Regional Planning Maria Olsen", "Ohio Democratic Sen. Ann Ward", "Lisbon
    resident Rui Costa": nouns, adjectives and proper nouns (joined by of/for/to/on, a
    possessive, an adverb before a participle) that end at the name and hold a title word or
    a noun that describes a person ("resident"). It stops at a verb, a determiner, punctuation, a
    conjunction or any other preposition ("talks with Director Olsen" → "Director").
    """
    doc = name.doc
    sent_start = name.sent.start
    toks: list[Token] = []
    i = name.start - 1
    while i >= sent_start and len(toks) < _MAX_TITLE:
        t = doc[i]
        if t.ent_type_ in ("DATE", "TIME"):
            break  # "said Tuesday State Department spokesman …"
        if t.pos_ in _TITLE_POS or (t.tag_ in ("VBN", "VBG") and t.dep_ in ("amod", "compound")):
            pass
        elif t.tag_ == "POS" and toks:
            pass  # "the bank's … finance chief"
        elif t.lower_ in _TITLE_JOINS and toks and i > sent_start and doc[i - 1].pos_ in _TITLE_POS:
            pass
        elif t.text == "-" and not t.whitespace_ and i > sent_start and not doc[i - 1].whitespace_:
            pass  # "U.S.-based blogger"
        elif (
            t.tag_ == "VBN"
            and toks
            and i > sent_start
            and (doc[i - 1].pos_ == "ADV" or doc[i - 1].tag_ == "POS")
        ):
            pass  # "the firm’s newly named chair", also where the parse made "named" a verb
        elif t.pos_ == "ADV" and toks and toks[0].tag_ in ("VBN", "VBG"):
            pass  # "recently named"
        elif t.tag_ == "PRP$" and toks and has_title(toks[:1]):
            toks.insert(0, t)  # "his widow Lena": the owner is named by `clean`
            break
        elif t.pos_ == "DET" and toks and toks[0].lower_ in _TITLE_JOINS:
            pass  # "Secretary of the Interior"
        else:
            break
        toks.insert(0, t)
        i -= 1
    # A title does not open with a joining word or a possessive mark.
    while toks and (toks[0].lower_ in _TITLE_JOINS or toks[0].tag_ == "POS" or toks[0].is_punct):
        toks = toks[1:]
    if not toks:
        return []
    return toks if has_title(toks) else []


def _title_inside(name: Span) -> tuple[Span, list[Token]]:
    """Split titles the recogniser put inside a name ("Gov. Ann Ward") off the name."""
    start = name.start
    while start < name.end - 1 and (
        has_title([name.doc[start]], descriptions=False) or name.doc[start].text == "."
    ):
        start += 1
    return name.doc[start : name.end], list(name.doc[name.start : start])


def _swallowed(name: Span) -> list[Token]:
    """Return the title when the recogniser ran its complement into the name.

    "Deputy Director of [Regional Planning Maria Olsen]": after an official title and "of",
    a name of four or more words holds the end of the title; the person is its last two.
    """
    doc = name.doc
    if len(name) < 4 or name.start < 2 or doc[name.start - 1].lower_ not in _TITLE_JOINS:
        return []
    if not has_title([doc[name.start - 2]], descriptions=False):
        return []
    head = title_run(doc[name.start - 1 : name.end])
    return [*head, doc[name.start - 1], *doc[name.start : name.end - 2]] if head else []


def pre_title(name: Span) -> list[Token]:
    """Return the title before the name: the longer of what the parse and the words show."""
    swallowed = _swallowed(name)
    if swallowed:
        return swallowed
    name, inside = _title_inside(name)
    parsed = _parsed_title(name) if not inside else []
    run = title_run(name) + inside if not inside else _run_before(name, inside)
    if len(run) > len(parsed) and (not parsed or parsed[0].i >= run[0].i):
        return run
    return parsed


def _run_before(name: Span, inside: list[Token]) -> list[Token]:
    """Return a title run that ends with titles the recogniser put inside the name."""
    before = title_run(name.doc[inside[0].i : name.end])
    return [*before, *inside]


def _parsed_title(name: Span) -> list[Token]:
    """Return the modifiers before the name that form its title ("Russian President")."""
    doc = name.doc
    left = name.start
    for tok in name:
        for child in tok.children:
            if child.i < name.start and child.dep_ in (
                "compound",
                "amod",
                "nmod",
                "poss",
                "npadvmod",
            ):
                left = min(left, child.left_edge.i)
    toks = list(doc[left : name.start])
    # The role must sit right before the name, not across a comma or a quote.
    if any(t.is_punct and t.text not in (".", "-", "’", "'") for t in toks):
        cut = max(
            i for i, t in enumerate(toks) if t.is_punct and t.text not in (".", "-", "’", "'")
        )
        toks = toks[cut + 1 :]
    if toks and (toks[0].ent_iob_ == "I" or toks[0].like_num):
        # The parse may strand part of a name: "Channel 9 reporter" → "9 reporter".
        start = toks[0].i
        while start > 0 and (
            doc[start].ent_iob_ == "I" or (doc[start - 1].is_title and doc[start].like_num)
        ):
            start -= 1
        toks = [*doc[start : toks[0].i], *toks]
    return toks if has_title(toks) else []


def appositive(name: Span) -> list[Token]:
    """Return the role given in apposition to the name, in either direction."""
    root = name.root
    for child in root.children:
        if child.dep_ == "appos" and child.i > name.end - 1:
            toks = _contiguous(child, name)
            if has_title(toks):
                return toks
    if root.dep_ == "appos" and root.head.i < name.start:
        head = root.head
        toks = [t for t in head.subtree if t.i < name.start]
        toks = [t for t in toks if t.i >= head.left_edge.i]
        if has_title(toks) and head.pos_ in ("NOUN", "PROPN"):
            return toks
    return []


_SEGMENT_END = {",", ".", ";", ":", "(", ")", "“", "”", '"', "—", "–"}


def appositive_surface(name: Span) -> list[Token]:
    """Return a role set off by commas next to the name when the parse missed the apposition.

    "Getachew Reda, a spokesman for the TPLF, told VOA": the segment between the commas
    starts with an article and holds a title word.
    """
    doc, sent = name.doc, name.sent
    segments = []
    if name.end < sent.end and doc[name.end].text == ",":
        seg = []
        for t in doc[name.end + 1 : sent.end]:
            if t.text in _SEGMENT_END:
                break
            seg.append(t)
        segments.append(seg)
    if name.start > sent.start and doc[name.start - 1].text == ",":
        seg = []
        for t in reversed(doc[sent.start : name.start - 1]):
            if t.text in _SEGMENT_END:
                break
            seg.insert(0, t)
        # A role before the name must open its sentence or clause.
        if seg and (seg[0].i == sent.start or doc[seg[0].i - 1].text in _SEGMENT_END):
            segments.append(seg)
    for seg in segments:
        # "a poet who wrote about exile": the role is the noun phrase before "who".
        rel = next((k for k, t in enumerate(seg) if t.lower_ in ("who", "which", "that")), None)
        if rel is not None:
            seg = seg[:rel]
        if not seg or len(seg) > 20:
            continue
        # "a spokesman for …", "spokesman for …", "Ukraine's foreign minister", "U.N. envoy",
        # "his widow", "another independent poet"
        if not (
            seg[0].lower_ in ("a", "an", "the", "another", "both", "all")
            or (seg[0].like_num and len(seg) > 1)  # "two engineers with …", shared
            or seg[0].tag_ == "PRP$"
            or has_title(seg[:1])
            or seg[0].ent_type_ in ("NORP", "GPE", "ORG")
        ):
            continue
        if any(t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBN", "VBG") for t in seg):
            continue
        if has_title(seg) or _described(seg):
            return seg
    return []


def _described(seg: list[Token]) -> bool:
    """Tell whether a segment set off by commas is "a <noun> at/of/from/with …" ("a
    hydrologist at the University of Seville"): an indefinite noun phrase describing a person
    by what they do and where."""
    if len(seg) < 4 or seg[0].lower_ not in ("a", "an"):
        return False
    for t in seg[1:]:
        if t.pos_ == "ADP":
            return (
                t.lower_ in lexicon.AFFILIATION_PREPS
                and t.i > seg[1].i
                and (t.nbor(-1).pos_ == "NOUN" and t.nbor(-1).tag_ == "NN")
            )
        if t.pos_ not in ("ADJ", "NOUN", "PROPN", "NUM") and t.text != "-":
            return False
    return False


_SHORT_CLAUSE = 4


def _contiguous(head: Token, name: Span) -> list[Token]:
    """Return the subtree of `head` without the name, up to its first gap.

    A long relative clause tells what the person did, not what they are: "a poet who wrote
    about the floods for years on his own site" → "a poet"; a short one stays ("a poet who
    wrote about exile").
    """
    skip = {
        t.i
        for c in head.children
        if c.dep_ == "relcl" and len(list(c.subtree)) > _SHORT_CLAUSE
        for t in c.subtree
    }
    toks = sorted((t for t in head.subtree if t.i not in skip), key=lambda t: t.i)
    out: list[Token] = []
    for t in toks:
        if t.i >= name.start and t.i < name.end:
            continue
        if out and t.i != out[-1].i + 1:
            break
        out.append(t)
    return out


def copula(name: Span) -> list[Token]:
    """Return the role in "NAME is/was ROLE", "X, NAME, was ROLE" or "NAME who is ROLE"."""
    root = name.root
    subj = root
    if root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"):
        subj = root.head
    if subj.dep_ == "nsubj" and subj.head.lemma_ == "be":
        verb = subj.head
        for c in verb.children:
            if c.dep_ == "attr" and c.i > subj.i:
                toks = sorted(c.subtree, key=lambda t: t.i)
                if has_title(toks):
                    # "was deputy director [in the governor's office]": a place or
                    # office hung on the verb right after the role belongs to it.
                    for p in verb.children:
                        if (
                            p.dep_ == "prep"
                            and p.i == toks[-1].i + 1
                            and p.lower_ in ("in", "at", "of", "for")
                        ):
                            toks += sorted(p.subtree, key=lambda t: t.i)
                    return toks
    # "Mark Dunn was appointed acting secretary", "was elected mayor": the office given.
    if subj.dep_ == "nsubjpass" and subj.head.lemma_.lower() in lexicon.NAMING_VERBS:
        for c in subj.head.children:
            if c.dep_ in ("oprd", "attr", "dobj", "xcomp") and c.i > subj.i:
                toks = sorted(c.subtree, key=lambda t: t.i)
                if has_title(toks, descriptions=False) and len(toks) <= 12:
                    return toks
    for child in root.children:
        if child.dep_ == "relcl" and child.lemma_ == "be":
            for c in child.children:
                if c.dep_ == "attr":
                    toks = sorted(c.subtree, key=lambda t: t.i)
                    if has_title(toks):
                        return toks
        # "Jane Doe, who heads the agency," / "who leads the opposition party"
        if (
            child.dep_ == "relcl"
            and child.lemma_ in lexicon.LEADING_VERBS
            and any(c.dep_ == "dobj" for c in child.children)
        ):
            toks = [
                t for t in sorted(child.subtree, key=lambda t: t.i) if t.tag_ not in ("WP", "WDT")
            ]
            if toks and len(toks) <= 15:
                return toks
    return []


def affiliation_prep(name: Span) -> list[Token]:
    """Return a phrase attached to the name that names its organisation ("from X University").

    "Senator Jane Roe of Ohio": a state or country after "of" completes a title as well.
    """
    for child in name.root.children:
        if (
            child.dep_ == "prep"
            and child.lower_ in lexicon.AFFILIATION_PREPS
            and child.i >= name.end
        ):
            toks = sorted(child.subtree, key=lambda t: t.i)
            if any(t.ent_type_ in ("ORG", "FAC") for t in toks):
                return toks
            if child.lower_ == "of" and len(toks) <= 4 and any(t.ent_type_ == "GPE" for t in toks):
                return toks
    return []


def affiliation_of(tokens: list[Token], entities: Entities) -> str | None:
    """Return the organisation or country a role names ("Kremlin", "Russian" → Russia)."""
    for i, t in enumerate(tokens):
        ent = entities.at(t, ("org",))
        if ent is not None:
            # Keep chained organisations whole: "Daedong University’s Institute for …".
            j = i
            while j + 1 < len(tokens) and (
                entities.at(tokens[j + 1], ("org",)) is not None
                or (
                    tokens[j + 1].tag_ == "POS"
                    and j + 2 < len(tokens)
                    and entities.at(tokens[j + 2], ("org",)) is not None
                )
            ):
                j += 1
            if j > i and any(x.tag_ == "POS" for x in tokens[i : j + 1]):
                return tokens[0].doc[tokens[i].i : tokens[j].i + 1].text
            return ent.name
    for t in tokens:
        ent = entities.at(t, ("place",))
        if ent is not None and ent.place_kind == "country":
            return ent.name
    # Nationality adjectives, also two-word ones ("North Korean").
    for i, t in enumerate(tokens):
        if i + 1 < len(tokens):
            two = lexicon.demonym_country(f"{t.text} {tokens[i + 1].text}")
            if two:
                return two
        one = lexicon.demonym_country(t.text)
        if one:
            return one
    return None


def lead_description(layout: Layout, entities: Entities) -> tuple[Entry, list[Token]] | None:
    """Tie a delayed-identification lead to the person it describes.

    News leads often name a role first and the person later: "The EU deputy commissioner for
    trade in Central Europe flew in …" then "Marta Kiss, addressing the press, said …".
    When the first sentence's subject is a singular role with no name in it, the first person
    named as a subject in the next two paragraphs, with no role of their own, holds that role.
    """
    if not layout.sents:
        return None
    lead = layout.sents[layout.lead]
    subj = next(
        (t for t in lead if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None
    )
    if subj is None or subj.tag_ != "NN" or not has_title([subj], descriptions=False):
        return None
    toks = sorted(subj.subtree, key=lambda t: t.i)
    if any(entities.at(t, ("person",)) for t in toks) or not any(
        t.lower_ == "the" for t in toks[:1]
    ):
        return None
    first_para = layout.paragraphs[layout.lead]
    after = layout.lead + 1
    for sent, para in zip(layout.sents[after:], layout.paragraphs[after:], strict=True):
        if para > first_para + 2:
            break
        for tok in sent:
            person = entities.at(tok, ("person",))
            if person is None or tok.dep_ in ("compound", "flat", "punct"):
                continue
            # The first person named after the lead decides it: a subject takes the role.
            if tok.dep_ in ("nsubj", "nsubjpass") and person.role is None:
                return person, toks
            return None
    return None


def _owner(tok: Token, person: Entry, roles: Roles) -> str | None:
    """Return the person a possessive pronoun opening a role stands for ("his widow").

    The person named last before it, in its sentence or the one before, other than the one
    described, whose gender (where known) fits the pronoun.
    """
    want = {"his": "m", "her": "f"}.get(tok.lower_)
    if want is None:
        return None
    layout = roles.layout
    here = layout.index_at(tok.idx)
    for start, other in reversed(roles.entities.people_before(tok.idx)):
        if layout.index_at(start) < here - 1:
            return None
        if other is person:
            continue
        known = roles.entities.gender(other.name)
        if known is None or known == want:
            return other.name
    return None


def _shared_title(name: Span, roles: Roles) -> list[Token]:
    """Return the plural title of the name this one is joined to ("ministers X and Y")."""
    root = name.root
    if root.dep_ != "conj" or roles.entities.at(root.head, ("person",)) is None:
        return []
    head = root.head
    first = head.doc[head.left_edge.i : head.i + 1]
    names = [t for t in first if t.ent_type_ == "PERSON" or t.i == head.i]
    if not names:
        return []
    toks = pre_title(head.doc[names[0].i : head.i + 1])
    return toks if toks and toks[-1].tag_ in ("NNS", "NNPS") else []


def office(name: Span, entities: Entities) -> str | None:
    """Return the office a name is set beside: "the office of the State Auditor, Rita Moss".

    An organisation whose name is an official title ("Ohio State Auditor") and
    the person in apposition to it: the person holds that office.
    """
    root = name.root
    if root.dep_ != "appos" or root.head.i >= name.start:
        return None
    ent = entities.at(root.head, ("org",))
    if ent is None:
        return None
    words = ent.name.split()
    if len(words) < 2 or not any(w.lower() in lexicon.TITLE_WORDS for w in words):
        return None
    return ent.name


def _earlier_description(toks: list[Token], roles: Roles) -> list[Token]:
    """Return the fuller description a definite role refers back to ("the judge" → "a
    retired judge" named two sentences before), or `toks` itself."""
    words = [t for t in toks if not t.is_punct]
    if len(words) != 2 or words[0].lower_ != "the" or words[1].pos_ != "NOUN":
        return toks
    noun = words[1]
    layout = roles.layout
    here = layout.index_at(noun.idx)
    for sent in reversed(layout.sents[max(0, here - 3) : here]):
        for t in sent:
            if t.lemma_ != noun.lemma_ or t.pos_ != "NOUN":
                continue
            mods = [c for c in t.children if c.dep_ in ("amod", "compound") and c.i < t.i]
            if mods and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children):
                return [*t.doc[mods[0].i : t.i + 1]]
    return toks


def find_role(person: Entry, roles: Roles) -> None:
    """Set `person.role` and `person.affiliation` from the first mention that states a role.

    A role of short titles alone ("Lt. Col.") gives way to a fuller one stated elsewhere; a
    person named after another under one plural title ("ministers X and Y") shares it.
    """
    doc = roles.layout.doc
    fallback: tuple[str, str | None] | None = None
    names = []
    for start, end in person.spans:
        name = doc.char_span(start, end, alignment_mode="expand")
        if name is None or roles.entities.in_credits(start):
            continue
        names.append(name)
        held = office(name, roles.entities)
        if held is not None:
            person.role = held
            return
        for pattern in (pre_title, appositive, appositive_surface, copula):
            toks = pattern(name)
            if not toks:
                continue
            if pattern is not pre_title:
                toks = _earlier_description(toks, roles)
            extra: list[Token] = []
            if pattern is pre_title:
                extra = affiliation_prep(name)
            text = clean(toks, _owner(toks[0], person, roles))
            if not text:
                continue
            if extra:
                text = f"{text} {clean(extra)}"
            found = (text, affiliation_of(toks + extra, roles.entities))
            if pattern is pre_title and is_abbreviated_title(toks) and not extra:
                fallback = fallback or found
                continue
            person.role, person.affiliation = found
            return
    if fallback is not None:
        person.role, person.affiliation = fallback
        return
    for name in names:
        toks = _shared_title(name, roles)
        if toks:
            person.role = clean(toks)
            person.affiliation = affiliation_of(toks, roles.entities)
            return
    for name in names:
        org = _organisation_of(name, roles.entities)
        if org is not None:
            person.role = person.affiliation = org
            return


def _organisation_of(name: Span, entities: Entities) -> str | None:
    """Return the organisation a name is given with when nothing else says who they are.

    "Jane Roe of the Daily Planet", "Jane Roe from the Red Cross", "the Daily Planet's Jane
    Roe": the organisation is what the text tells of them, and stands as their role.
    """
    doc = name.doc
    if name.end < len(doc) - 1 and doc[name.end].lower_ in ("of", "from"):
        ent = entities.at(doc[name.end + 1], ("org",))
        if ent is None and doc[name.end + 1].lower_ == "the" and name.end + 2 < len(doc):
            ent = entities.at(doc[name.end + 2], ("org",))
        if ent is not None:
            return ent.name
    if name.start > 1 and doc[name.start - 1].tag_ == "POS":
        ent = entities.at(doc[name.start - 2], ("org",))
        if ent is not None and lexicon.is_media_name(ent.name):
            return ent.name
    return None
