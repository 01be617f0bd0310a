"""Speakers: who a quotation or a reported statement belongs to.

A name is read from the entities; a title before a name binds the person, not the organisation
in the title ("Wikimedia editor-in-chief Jane Roe"); a relative pronoun stands for the noun its
clause describes ("Jane Roe, who said …"). A pronoun is resolved to a person of the same sentence
or to the last person who was the subject of a main clause, checking gender and number where
spaCy's morphology or the person's earlier mentions give them ("they" to the last plural
subject, "it" to the last organisation); anyone else is described by their noun phrase ("a
spokesperson for the regional health office"). A news outlet or a journalist filing the
story is marked as the story's sourcing. Weak evidence lowers a speaker's confidence: a pronoun
whose person was last named paragraphs back, a capital or a building standing for a government
("Washington had concluded …", "the White House said") — see `quotes` for how such a speaker
yields to a named one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from . import lexicon
from .compress import entity_text
from .document import Layout
from .entries import Entities, Entry
from .people import has_title
from .quotemarks import QuoteSpan, quotations

_SUBJECTS = ("nsubj", "nsubjpass")
_MAX_DESCRIPTION = 12
# Confidence of a speaker found only weakly (below models.PRINT_CONFIDENCE: kept, not printed).
WEAK = 0.4
# A pronoun names the person of its sentence, or one named at most this many sentences back
# or in the paragraph before; further back it is a guess.
_PRONOUN_REACH = 3


@dataclass
class Speaker:
    """Who spoke: an entity's canonical name, or a description of an unnamed speaker."""

    name: str
    named: bool  # a person or organisation, not a description
    media: str = ""  # "outlet" or "journalist" when the speaker reports the news
    sourcing: bool = False  # the statement is where the story comes from, not a reaction
    confidence: float = 1.0  # how strongly the text supports this speaker (see models)
    metonymy: bool = False  # a place or a building standing for the people who spoke


def is_sourcing(who: Speaker, verb: Token | None) -> bool:
    """Tell whether `who` speaking with `verb` is the story's sourcing, not an actor's reaction.

    An outlet that reports or says something ("Turkish media reported that …", "…, according
    to state media") or a journalist who files it ("Correspondent X reported that …") is where
    the story comes from. A journalist who merely "said" something may be an actor in the story.
    """
    if not who.media:
        return False
    if verb is None:
        return True
    verbs = lexicon.NEWS_VERBS if who.media == "outlet" else lexicon.FILING_VERBS
    return verb.lemma_.lower() in verbs


def marked(who: Speaker | None, verb: Token | None) -> Speaker | None:
    """Return `who`, flagged as sourcing when it speaks with `verb` as a news source does."""
    if who is None or not is_sourcing(who, verb):
        return who
    return replace(who, sourcing=True)


def pronoun_gender(tok: Token) -> str | None:
    """Return "f" or "m" for a gendered pronoun (spaCy morphology, else the word), else None."""
    gender = tok.morph.get("Gender", [])
    if "Fem" in gender:
        return "f"
    if "Masc" in gender:
        return "m"
    low = tok.lower_
    if low in ("she", "her", "hers", "herself"):
        return "f"
    if low in ("he", "him", "his", "himself"):
        return "m"
    return None


def _is_relative(tok: Token) -> bool:
    """Tell whether `tok` is a relative pronoun heading its clause ("who said …")."""
    return tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl" and tok.head.head != tok.head


class Resolver:
    """Names speakers: entities for names, salience for pronouns, descriptions otherwise."""

    def __init__(self, layout: Layout, entities: Entities, quotes: list[QuoteSpan]) -> None:
        self.layout = layout
        self.entities = entities
        self.quotes = quotes
        self._q_starts = [q.outer_start for q in quotes]
        self._person_events: list[tuple[int, str]] = []
        self._plural_events: list[tuple[int, str]] = []
        self._org_events: list[tuple[int, str]] = []
        self._media: dict[str, str] = {}  # plural descriptions that name outlets or journalists
        # Genders learned from pronouns that could only mean one person ("When Jane Roe
        # arrived, she said …"), beside those honorifics and roles give (Entities.gender).
        self._learned: dict[str, str] = {}
        self._honorifics: dict[str, str | None] = {}
        self._forms = _person_forms(entities)
        self._journalists = self._find_journalists()
        self._build_salience()

    def _find_journalists(self) -> set[str]:
        """Return the people the text ties to a news outlet: its journalists.

        "Jane Roe of the Daily Planet", "the Planet's Roe", "as Roe writes for the Planet".
        """
        doc = self.layout.doc
        found: set[str] = set()
        for person in self.entities.people_:
            for start, end in person.spans:
                name = doc.char_span(start, end, alignment_mode="expand")
                if name is None:
                    continue
                after = list(doc[name.end : min(len(doc), name.end + 6)])
                before = list(doc[max(0, name.start - 3) : name.start])
                verb = name.root.head if name.root.dep_ in _SUBJECTS else None
                if verb is not None and verb.lemma_.lower() in lexicon.FILING_VERBS:
                    after += [
                        t
                        for p in verb.children
                        if p.dep_ == "prep" and p.lower_ == "for"
                        for t in p.subtree
                    ]
                tied = after[:1] and after[0].lower_ in ("of", "for", "from", "at")
                if (
                    (tied and any(self._outlet(t) for t in after[1:]))
                    or (verb is not None and any(self._outlet(t) for t in after))
                    or (before[-1:] and before[-1].tag_ == "POS" and self._outlet(before[-2]))
                ):
                    found.add(person.name)
        return found

    def _outlet(self, tok: Token) -> bool:
        """Tell whether `tok` is part of the name of a news outlet."""
        ent = self.entities.at(tok, ("org",))
        if ent is not None:
            return lexicon.is_media_name(ent.name)
        if tok.pos_ != "PROPN":
            return False
        # The run of proper nouns the token is in: "the Northern Herald".
        doc = tok.doc
        start, end = tok.i, tok.i + 1
        while start > 0 and doc[start - 1].pos_ == "PROPN":
            start -= 1
        while end < len(doc) and doc[end].pos_ == "PROPN":
            end += 1
        return lexicon.is_media_name(doc[start:end].text)

    def in_quote(self, char: int) -> QuoteSpan | None:
        """Return the quotation covering `char` (marks included), if any."""
        i = bisect_right(self._q_starts, char) - 1
        if i >= 0 and self.quotes[i].outer_start <= char < self.quotes[i].outer_end:
            return self.quotes[i]
        return None

    def _build_salience(self) -> None:
        """Record who was the subject of each main clause: people, groups and organisations."""
        # Only subjects of main clauses make a person the topic: in "X said Y was detained",
        # a later "he" means X, not Y.
        for sent in self.layout.sents:
            for tok in sent:
                if tok.dep_ not in _SUBJECTS and tok.dep_ != "ROOT":
                    continue
                if (
                    tok.lower_ in lexicon.PERSON_PRONOUNS
                    and tok.dep_ in _SUBJECTS
                    and not main_clause(tok)
                    and not self.in_quote(tok.idx)
                ):
                    # "Marcus Hale showed no remorse as he was led away": learn his gender.
                    self._same_sentence_person(tok)
                if tok.dep_ == "ROOT" and tok.pos_ == "PROPN" and not self.in_quote(tok.idx):
                    # "Mr. Roe, the Ohio Democrat, called it …": the parse made the name the
                    # root; the person is still what the sentence is about.
                    person = self.entities.at(tok, ("person",))
                    if person is not None:
                        self._person_events.append((tok.idx, person.name))
                    continue
                if tok.dep_ not in _SUBJECTS or self.in_quote(tok.idx) or not main_clause(tok):
                    continue
                person = self._person_at(tok)
                if any(c.dep_ == "conj" for c in tok.children) and tok.pos_ != "PRON":
                    # "Gov. Jane Roe and party leaders have …": a group, for a later "they".
                    self._plural_events.append((tok.idx, self.describe(tok)))
                if person is not None:
                    self._person_events.append((tok.idx, person.name))
                elif tok.lower_ in lexicon.PERSON_PRONOUNS:
                    found = self._person_for(tok)
                    if found is not None:
                        self._person_events.append((tok.idx, found[0]))
                elif tok.lower_ in lexicon.PLURAL_PRONOUNS:
                    # "They were unmoved …": the group named before stays the topic.
                    what = self._last(self._plural_events, tok.idx)
                    if what:
                        self._plural_events.append((tok.idx, what))
                elif tok.tag_ in ("NNS", "NNPS") and self.entities.at(tok) is None:
                    described = self.describe(tok)
                    self._plural_events.append((tok.idx, described))
                    if _media_phrase(tok):
                        self._media[described] = _media_phrase(tok)
                else:
                    org = self.entities.at(tok, ("org",))
                    if org is not None:
                        self._org_events.append((tok.idx, org.name))

    def _person_at(self, tok: Token) -> Entry | None:
        """Return the person a subject names, itself or in apposition ("her sister, Jo Li")."""
        person = self.entities.at(tok, ("person",))
        if person is not None or tok.pos_ != "NOUN":
            return person
        for child in tok.children:
            if child.dep_ == "appos":
                person = self.entities.at(child, ("person",))
                if person is not None:
                    return person
        return None

    @staticmethod
    def _last(events: list[tuple[int, str]], char: int) -> str | None:
        """Return the name of the last event before `char`, if any."""
        before = [name for pos, name in events if pos < char]
        return before[-1] if before else None

    def gender_of(self, name: str) -> str | None:
        """Return the gender known for a person: from honorifics and role, or learned."""
        known = self.entities.gender(name) or self._learned.get(name)
        if known is None:
            if name not in self._honorifics:
                self._honorifics[name] = self._honorific_gender(name)
            known = self._honorifics[name]
        return known

    def _honorific_gender(self, name: str) -> str | None:
        """Return the gender an honorific right before a mention gives ("Mr. Reed")."""
        person = next((p for p in self.entities.people_ if p.name == name), None)
        if person is None:
            return None
        text = self.layout.text
        for start, _ in person.spans:
            words = text[max(0, start - 6) : start].split()
            word = words[-1].lower().rstrip(".") if words else ""
            if word in lexicon.FEMALE_HONORIFICS:
                return "f"
            if word in lexicon.MALE_HONORIFICS:
                return "m"
        return None

    def _fits(self, name: str, want: str | None) -> bool:
        """Tell whether a person may be meant by a pronoun of gender `want`."""
        known = self.gender_of(name)
        return want is None or known is None or known == want

    def _person_for(self, tok: Token) -> tuple[str, float] | None:
        """Return the person a he/she pronoun stands for, and how sure that is.

        A person who is the subject of an earlier clause of the same sentence comes first
        ("When Jane Roe arrived, she said …"); then the last main-clause subject whose gender
        fits. A person last named more than a few sentences and a paragraph back is a guess.
        """
        want = pronoun_gender(tok)
        same = self._same_sentence_person(tok)
        if same is not None:
            return same, 1.0
        for pos, name in reversed(self._person_events):
            if pos >= tok.idx or not self._fits(name, want):
                continue
            return name, self._reach(name, tok)
        people = [
            (s, p) for s, p in self.entities.people_before(tok.idx) if self._fits(p.name, want)
        ]
        if people:
            return people[-1][1].name, WEAK
        return None

    def _same_sentence_person(self, tok: Token) -> str | None:
        """Return the person who is the subject of an earlier clause of the pronoun's sentence.

        The gender of the pronoun is then known for that person.
        """
        want = pronoun_gender(tok)
        sent = self.layout.sents[self.layout.index_at(tok.idx)]
        for t in reversed([t for t in sent if t.i < tok.i]):
            if t.dep_ not in _SUBJECTS or self.in_quote(t.idx):
                continue
            head = t.head.head if _is_relative(t) else t
            person = self.entities.at(head, ("person",))
            if person is not None and self._fits(person.name, want):
                if want is not None:
                    self._learned.setdefault(person.name, want)
                return person.name
        return None

    def _reach(self, name: str, tok: Token) -> float:
        """Return how sure a pronoun at `tok` means `name`, by how far back it was last named."""
        person = next((p for p in self.entities.people_ if p.name == name), None)
        if person is None:
            return WEAK
        starts = [s for s, _ in person.spans if s < tok.idx]
        events = [pos for pos, who in self._person_events if who == name and pos < tok.idx]
        last = max([*starts, *events], default=None)
        if last is None:
            return WEAK
        here, there = self.layout.index_at(tok.idx), self.layout.index_at(last)
        # Sentences that are all quotation keep their speaker in mind: "Roe said: “…” ¶ “…”
        # ¶ She added: …" still means Roe. Count only the sentences and paragraphs of prose.
        prose = [i for i in range(there + 1, here) if not self._quoted(self.layout.sents[i])]
        paragraphs = {self.layout.paragraphs[i] for i in prose}
        paragraphs.discard(self.layout.paragraphs[here])
        near = len(prose) < _PRONOUN_REACH or len(paragraphs) <= 1
        return 1.0 if near else WEAK

    def _quoted(self, sent: Span) -> bool:
        """Tell whether a sentence is all quotation (its words inside quote marks)."""
        words = [t for t in sent if not t.is_punct and not t.is_space]
        return bool(words) and all(self.in_quote(t.idx) for t in words)

    def resolve_pronoun(self, tok: Token) -> Speaker | None:
        """Resolve "he/she" to a person, "they" to the last plural subject, "it" to an org."""
        low = tok.lower_
        if low in lexicon.PERSON_PRONOUNS:
            found = self._person_for(tok)
            if found is None:
                return None
            return Speaker(found[0], True, confidence=found[1])
        if low in lexicon.PLURAL_PRONOUNS:
            what = self._last(self._plural_events, tok.idx)
            if what:
                return Speaker(what, False, self._media.get(what, ""))
        if low in lexicon.PLURAL_PRONOUNS or low == "it":
            # "Though the board has said …, it has also conceded …": an organisation that
            # was a subject earlier in the sentence, else one that spoke before.
            sent = self.layout.sents[self.layout.index_at(tok.idx)]
            org: str | None = None
            for t in reversed([t for t in sent if t.i < tok.i and t.dep_ in _SUBJECTS]):
                ent = self.entities.at(t, ("org",))
                if ent is not None:
                    org = ent.name
                    break
            org = org or self._last(self._org_events, tok.idx)
            return (
                Speaker(org, True, "outlet" if lexicon.is_media_name(org) else "") if org else None
            )
        return None

    def describe(self, tok: Token) -> str:
        """Describe an unnamed speaker by its noun phrase ("a spokesperson from X’s ministry")."""
        # The phrase ends at a comma or a relative clause after its head: "a senior official,
        # who spoke on condition of anonymity, …" → "senior official".
        stops = [
            c.left_edge.i
            for c in tok.children
            if c.i > tok.i and c.dep_ in ("relcl", "acl", "appos")
        ]
        # "Nordic leaders on Sunday": when they spoke is not who they are.
        stops += [
            c.i
            for c in tok.children
            if c.i > tok.i
            and c.dep_ == "prep"
            and any(g.ent_type_ in ("DATE", "TIME") for g in c.children)
        ]
        stops += [t.i for t in tok.subtree if t.i > tok.i and t.text in ",;:—–("]
        end = min(stops, default=tok.right_edge.i + 1)
        toks = [t for t in tok.doc[tok.left_edge.i : end] if not self.in_quote(t.idx)]
        while toks and toks[0].lower_ in ("a", "an", "the", "some"):
            toks = toks[1:]
        while toks and toks[-1].is_punct:
            toks = toks[:-1]
        toks = toks[:_MAX_DESCRIPTION]
        if not toks:
            return tok.text
        text = self.layout.doc[toks[0].i : toks[-1].i + 1].text
        owner = self._owner(toks[0])
        if owner is not None and len(toks) > 1:
            # "his spokesman" → "Tomas Bekele's spokesman": say whose.
            rest = self.layout.doc[toks[1].i : toks[-1].i + 1].text
            mark = "’" if "’" in self.layout.text else "'"
            text = f"{owner}{mark}s {rest}"
        return text

    def _owner(self, tok: Token) -> str | None:
        """Return the person or organisation a possessive pronoun stands for, if known."""
        low = tok.lower_
        if tok.tag_ != "PRP$" or low not in ("his", "her", "its"):
            return None
        if low == "its":
            return self._last(self._org_events, tok.idx)
        # "Reporters did not see Jane Roe. Her office said …": the person last named in this
        # sentence or the one before, whatever their part in it, if the gender fits.
        want = pronoun_gender(tok)
        here = self.layout.index_at(tok.idx)
        for start, person in reversed(self.entities.people_before(tok.idx)):
            if here - self.layout.index_at(start) > 1:
                return None
            if self._fits(person.name, want):
                return person.name
        return None

    def name_of(self, tok: Token) -> Speaker | None:
        """Name the speaker whose noun phrase is headed by `tok`."""
        if _is_relative(tok):
            # "Ivo Petrov, who said …": the relative pronoun stands for the noun it describes.
            return self.name_of(tok.head.head)
        if tok.pos_ == "PRON":
            group = _partitive(tok)
            return self.resolve_pronoun(group if group is not None else tok)
        group = _partitive(tok)
        if group is not None:
            # "Several of them said …": the group the pronoun stands for.
            return self.resolve_pronoun(group)
        titled = self._titled_name(tok)
        if titled is not None:
            return titled
        ent = self.entities.at(tok, ("person",))
        if ent is not None:
            return Speaker(ent.name, True, self._media_of(ent, tok))
        # "spokesperson Jane Roe", "A second envoy, former minister Piet Vos,": the name
        # may sit among the head's modifiers or in an apposition.
        for child in tok.children:
            if child.dep_ == "compound" and child.i != tok.i:
                ent = self.entities.at(child, ("person",))
                if ent is not None:
                    return Speaker(ent.name, True, self._media_of(ent, tok))
        for child in tok.children:
            if child.dep_ != "appos":
                continue
            for t in child.subtree:
                titled = self._titled_name(t) if t.pos_ == "PROPN" else None
                if titled is not None:
                    return titled
                ent = self.entities.at(t, ("person",))
                if ent is not None:
                    return Speaker(ent.name, True, self._media_of(ent, tok))
            # "The contractor, China Road Works, said …": an organisation in apposition.
            ent = self.entities.at(child, ("org",))
            if ent is not None and child.pos_ == "PROPN" and tok.pos_ == "NOUN":
                return self._org_or_place(ent, child)
        ent = self.entities.at(tok, ("org", "place"))
        if ent is not None and tok.pos_ == "PROPN":
            # A surname the recogniser typed as a place here ("Halvorsen said") is the person.
            person_name = self._forms.get(lexicon.fold(ent.name))
            if person_name is not None:
                return Speaker(person_name, True)
            return self._org_or_place(ent, tok)
        # "the ruling Unity party": the organisation named inside a group's phrase.
        head_word = tok.lemma_.lower()
        for child in tok.children:
            if child.dep_ == "compound" and (
                head_word in lexicon.GROUP_NOUNS or head_word in lexicon.ORG_NOUNS
            ):
                ent = self.entities.at(child, ("org",))
                if ent is not None:
                    return self._org_or_place(ent, child)
        named = self.by_role(tok)
        if named is not None:
            return Speaker(named, True)
        org = self.by_org_noun(tok)
        if org is not None:
            return org
        return Speaker(self.describe(tok), False, _media_phrase(tok))

    def _media_of(self, person: Entry, tok: Token) -> str:
        """Return "journalist" when a person reports the news (by role or outlet), else ""."""
        if person.name in self._journalists:
            return "journalist"
        return _journalist(person.role) or _media_phrase(tok)

    def _org_or_place(self, ent: Entry, tok: Token) -> Speaker:
        """Return an organisation or place as a speaker; a city or a building is metonymy."""
        if _described_as_person(tok):
            return Speaker(ent.name, True)
        media = "outlet" if lexicon.is_media_name(ent.name) else _media_phrase(tok)
        # A city ("Washington", "Beijing") or a building ("the White House", "the Kremlin")
        # stands for a government: the people who spoke may be named nearby (see quotes).
        metonymy = (ent.kind == "place" and ent.place_kind in ("city", "facility")) or (
            lexicon.fold(ent.name).removeprefix("the ") in lexicon.INSTITUTIONS
        )
        return Speaker(ent.name, True, media, metonymy=metonymy)

    def _titled_name(self, tok: Token) -> Speaker | None:
        """Return the person named right after a title, whatever type NER gave the name.

        "Wikimedia editor-in-chief Jane Roe", "former trade envoy to Chile Piet Vos",
        "chief executive Omar Haddad": the proper nouns after the title name a person, not
        the organisation or country of the title.
        """
        if tok.pos_ != "PROPN" or self.in_quote(tok.idx):
            return None
        doc = tok.doc
        # The run of proper nouns that ends at `tok` (its name), then what stands before it.
        start = tok.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].tag_ != "POS":
            start -= 1
        end = tok.i + 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].ent_iob_ == "I":
            end += 1
        before = doc[start - 1] if start > 0 else None
        if before is not None and before.lower_ in ("to", "for", "of") and start > 1:
            # "envoy to Chile Piet Vos": the title's complement runs into the name.
            before = doc[start - 2]
            while start < end - 1 and (
                lexicon.country(doc[start].text) or lexicon.demonym_country(doc[start].text)
            ):
                start += 1
        if before is None or before.pos_ not in ("NOUN", "PROPN") or not has_title([before]):
            return None
        # Titles written as proper nouns ("Secretary", "Gov.") belong to the title, not the name.
        while start < end - 1 and has_title([doc[start]]):
            start += 1
        ent = self.entities.at(doc[end - 1], ("person",))
        run = doc[start:end].text
        if ent is not None:
            # A name the recogniser began at the title's country keeps to the name itself.
            name = run if ent.name.endswith(run) and ent.name != run and end - start > 1 else None
            return Speaker(name or ent.name, True, self._media_of(ent, doc[end - 1]))
        if end - start < 2:
            return None  # a single capitalised word after a title may be anything
        return Speaker(run, True)

    def by_role(self, tok: Token) -> str | None:
        """Resolve "the minister" to the last person named earlier with that role."""
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lexicon.TITLE_WORDS:
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        modifiers = [
            c for c in tok.children if c.dep_ in ("amod", "compound", "prep", "poss", "nmod")
        ]
        best: tuple[int, str] | None = None
        for start, person in self.entities.people_before(tok.idx):
            role = _expanded(person.role or "")
            if tok.lemma_.lower() not in role and tok.lower_ not in role:
                continue
            if any(m.lower_ not in role for m in modifiers if m.dep_ != "prep"):
                continue
            if best is None or start > best[0]:
                best = (start, person.name)
        return best[1] if best else None

    def by_org_noun(self, tok: Token) -> Speaker | None:
        """Resolve "the agency" or "the ministry" to an organisation that was just a subject.

        "The Coastal Safety Agency announced … Later, the agency said …": the organisation that
        was the subject of a main clause at most two sentences back. Further back it stays a
        description.
        """
        noun = tok.lemma_.lower()
        if tok.pos_ != "NOUN" or tok.tag_ != "NN":
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        if any(c.dep_ in ("compound", "amod", "prep", "poss") for c in tok.children):
            return None  # "the foreign ministry", "the agency's chief": a description of its own
        here = self.layout.index_at(tok.idx)
        for pos, name in reversed(self._org_events):
            if pos >= tok.idx:
                continue
            if here - self.layout.index_at(pos) > 2:
                return None
            # "the agency" for any organisation; "the board" for one whose name says so.
            if noun in lexicon.ORG_NOUNS or lexicon.fold(name).split()[-1:] == [noun]:
                return Speaker(name, True, "outlet" if lexicon.is_media_name(name) else "")
        return None

    def subject_of(self, verb: Token) -> Speaker | None:
        """Return the speaker of a reporting verb: its subject, shared or "quoted X as saying"."""
        seen = 0
        v: Token | None = verb
        while v is not None and seen < 4:
            subj = [c for c in v.children if c.dep_ in _SUBJECTS]
            if subj:
                return self.name_of(subj[0])
            if v is verb:
                after = self._after_verb(verb)
                if after is not None:
                    return after
            if v.dep_ == "conj" and v.head != v:
                v = v.head
            elif v.dep_ in ("pcomp", "advcl", "xcomp") or v.head.dep_ == "prep":
                head = v.head.head if v.head.dep_ == "prep" else v.head
                objs = [c for c in head.children if c.dep_ == "dobj"]
                # "quoted officials as saying": the one quoted speaks; in "issued a statement,
                # saying …" the subject of the main verb does.
                if objs and v.dep_ != "xcomp" and head.lemma_.lower() in ("quote", "cite"):
                    return self.name_of(objs[0])
                v = head if head != v else None
            else:
                return None
            seen += 1
        return None

    def _after_verb(self, verb: Token) -> Speaker | None:
        """Return the speaker of an inverted attribution the parse gave no subject.

        "…, said another economist, Jane Roe." and "…, said chief executive John Doe in a
        memo": after a verb that follows its clause, the first person named (or the noun
        phrase standing where the subject would) is the speaker.
        """
        clause_before = (
            any(c.dep_ in ("ccomp", "advcl", "parataxis") and c.i < verb.i for c in verb.children)
            or (verb.i > 0 and self.in_quote(verb.doc[verb.i - 1].idx) is not None)
            or (verb.i > 1 and verb.doc[verb.i - 1].text == "," and verb.doc[verb.i - 2].is_punct)
        )
        if not clause_before:
            return None
        sent = self.layout.sents[self.layout.index_at(verb.idx)]
        for t in sent:
            if t.i <= verb.i or self.in_quote(t.idx):
                continue
            if t.dep_ == "prep" and t.head == verb:
                break  # "said … in a memo to staff": past the speaker
            titled = self._titled_name(t) if t.pos_ == "PROPN" else None
            if titled is not None:
                return titled
            if self.entities.at(t, ("person",)) is not None:
                return self.name_of(t)
        for c in verb.children:
            nominal = c.pos_ in ("NOUN", "PROPN")
            if c.i > verb.i and c.dep_ in ("dobj", "attr", "npadvmod") and nominal:
                return self.name_of(c)
        return None

    def according_to(self, tokens: list[Token]) -> Speaker | None:
        """Return X in "according to X" among `tokens`."""
        for t in tokens:
            if t.lower_ == "according":
                for c in t.children:
                    if c.lower_ == "to":
                        objs = [o for o in c.children if o.dep_ == "pobj"]
                        if objs:
                            return self.name_of(objs[0])
                nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
                if nxt is not None and nxt.lower_ == "to" and nxt.i + 1 < len(t.doc):
                    obj = [o for o in nxt.children if o.dep_ == "pobj"]
                    if obj:
                        return self.name_of(obj[0])
        return None


def _described_as_person(tok: Token) -> bool:
    """Tell whether a name is described as a person: "X, who …", "X, a senior official,"."""
    for child in tok.children:
        if child.dep_ == "relcl" and any(
            c.dep_ in _SUBJECTS and c.lower_ == "who" for c in child.children
        ):
            return True
        if child.dep_ == "appos" and child.pos_ == "NOUN" and has_title([child]):
            return True
    return False


def _person_forms(entities: Entities) -> dict[str, str]:
    """Map each person's folded name, aliases and surname to the person, where unambiguous."""
    forms: dict[str, set[str]] = {}
    for person in entities.people_:
        for form in (person.name, *person.aliases, person.name.split()[-1]):
            forms.setdefault(lexicon.fold(form), set()).add(person.name)
    return {form: next(iter(names)) for form, names in forms.items() if len(names) == 1}


def _partitive(tok: Token) -> Token | None:
    """Return the plural pronoun in "several of them", "most of them", "all of them", if any."""
    if tok.lower_ not in lexicon.QUANTIFIERS and tok.pos_ != "NUM":
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lower_ in lexicon.PLURAL_PRONOUNS:
                    return obj
    return None


def _expanded(role: str) -> str:
    """Return a role in lower case with abbreviated titles spelt out ("Gov." → "governor")."""
    words = re.findall(r"[\w’'-]+\.?", role.lower())
    return " ".join(lexicon.TITLE_ABBREVIATIONS.get(w.rstrip("."), w) for w in words)


def _journalist(role: str | None) -> str:
    """Return "journalist" when a role names one ("VOA correspondent"), else ""."""
    words = set(re.findall(r"[a-z]+", (role or "").lower()))
    return "journalist" if words & lexicon.JOURNALIST_NOUNS else ""


def _media_phrase(tok: Token) -> str:
    """Tell whether the noun phrase headed by `tok` names an outlet or a journalist.

    "Turkish media", "Peru's state news agency", "media reports", "a Kyodo correspondent",
    "KCNA" (by name): the head noun, its qualifiers and named outlets inside the phrase decide.
    """
    head = tok.lemma_.lower()
    low = tok.lower_
    mods = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    if head in lexicon.JOURNALIST_NOUNS or low in lexicon.JOURNALIST_NOUNS:
        return "journalist"
    if head in lexicon.MEDIA_NOUNS or low in lexicon.MEDIA_NOUNS:
        return "outlet"
    if (
        head in lexicon.MEDIA_QUALIFIED or low in lexicon.MEDIA_QUALIFIED
    ) and mods & lexicon.MEDIA_QUALIFIERS:
        return "outlet"
    # "Yonhap news agency", "the official KCNA": a named outlet inside the phrase.
    names = [
        c for c in tok.children if c.dep_ in ("compound", "appos", "nmod") and c.pos_ == "PROPN"
    ]
    if tok.pos_ == "PROPN":
        names.append(tok)
    for c in names:
        if lexicon.is_media_name(entity_text(c) or c.text):
            return "outlet"
    # "the Northern Herald's Tilda Marsh": a name owned by an outlet is its journalist.
    for c in tok.children:
        if c.dep_ == "poss" and c.pos_ == "PROPN":
            owner = tok.doc[c.left_edge.i : c.i + 1].text
            if lexicon.is_media_name(owner) or lexicon.is_media_name(entity_text(c) or c.text):
                return "journalist" if tok.pos_ == "PROPN" else "outlet"
    return ""


def main_clause(tok: Token) -> bool:
    """Tell whether a subject belongs to its sentence's main clause (or a clause joined to it)."""
    verb = tok.head
    for _ in range(4):
        if verb.dep_ != "conj":
            break
        verb = verb.head
    return verb.dep_ == "ROOT"


def resolver(layout: Layout, entities: Entities) -> Resolver:
    """Return the speaker resolver of an article: its quotations, entities and salience."""
    return Resolver(layout, entities, quotations(layout.text))
