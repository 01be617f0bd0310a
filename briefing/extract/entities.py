"""People, organisations and places: named-entity mentions cleaned, classified and merged."""

from __future__ import annotations

import re

from . import lexicon
from .document import Intervals, Layout
from .entries import Entities, Entry
from .mentions import EntityKind, Mention, mentions, place_kind
from .people import Roles, affiliation_of, clean, find_role, has_title, lead_description

_CREDIT = re.compile(
    r"contributed (?:to )?(?:this )?report|contributed reporting|reporting by|"
    r"(?:came|comes) from .{0,80}\b(?:for|in) this report|for this report came from|"
    r"(?:this|the) (?:story|report|article) originated (?:in|from)|with reporting (?:by|from)|"
    r"^(?:written |edited )?by [A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){0,3}\s*$",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------- merging


def _tokens(text: str) -> list[str]:
    """Return the folded words of a name, hyphenated parts split ("Ri Son-il" → ri son il)."""
    return lexicon.fold(text).split()


def _words(text: str) -> list[str]:
    """Return the folded words of a name as written ("Ri Son-il" → ri, son il)."""
    return [lexicon.fold(w) for w in text.split()]


def _merge_people(
    mentions_: list[Mention], org_texts: set[str], labels: dict[str, set[str]]
) -> tuple[list[Entry], list[Mention]]:
    """Cluster person mentions: full names by folded form, lone names by surname or given name.

    Return the people and the lone names that turned out to name an organisation or a place.
    """
    people, singles = _cluster_full_names(mentions_)
    _fold_shorter_names(people)
    leftovers = [
        m for m in singles if not _attach_lone_name(m, people) and not _org_fragment(m, org_texts)
    ]
    for m in leftovers:
        _relabel(m, labels)
    people.sort(key=lambda p: min(s for s, _ in p.spans))
    for p in people:
        p.spans.sort()
        p.aliases = [a for a in p.aliases if a != p.name]
    return people, [m for m in leftovers if m.kind in ("org", "place")]


def _cluster_full_names(mentions_: list[Mention]) -> tuple[list[Entry], list[Mention]]:
    """Merge the mentions of names of two words or more; return the people and the lone names."""
    people: list[Entry] = []
    by_key: dict[str, Entry] = {}
    singles: list[Mention] = []
    for m in mentions_:
        toks = _tokens(m.text)
        # "Al-Wadi" is one word, "Seo Ji-hoon" two: count words as written.
        if len(m.text.split()) < 2:
            singles.append(m)
            continue
        key = " ".join(toks)
        entry = by_key.get(key)
        if entry is None:
            # A name whose words all appear, in order, in a known name is that person.
            entry = next((p for p in people if _contains(_tokens(p.name), toks)), None)
        if entry is None:
            entry = Entry(name=m.text, kind="person", confidence=m.confidence)
            people.append(entry)
        elif len(toks) > len(_tokens(entry.name)):
            entry.name, old = m.text, entry.name
            entry.add_alias(old)
        by_key[key] = entry
        _mentioned(entry, m)
    return people, singles


def _mentioned(entry: Entry, m: Mention) -> None:
    """Record `m` as a mention of `entry`, with its surface forms as aliases."""
    entry.add_alias(m.text)
    if m.alias:
        entry.add_alias(m.alias)
    entry.spans.append((m.start, m.end))
    entry.confidence = max(entry.confidence, m.confidence)


def _fold_shorter_names(people: list[Entry]) -> None:
    """Fold shorter full names into longer ones introduced later ("Amina Farah" ⊂ ...)."""
    for p in list(people):
        for q in people:
            if (
                p is not q
                and len(_tokens(p.name)) < len(_tokens(q.name))
                and _contains(_tokens(q.name), _tokens(p.name))
            ):
                q.absorb(p)
                people.remove(p)
                break


def _attach_lone_name(m: Mention, people: list[Entry]) -> bool:
    """Add a one-word name to the person it names, or as a titled person; False if neither.

    A surname (else a given name) shared with full names goes to the nearest of them; a name
    with a title or honorific ("Mr. Okafor") is a person even when never named in full.
    """
    word = " ".join(_tokens(m.text))
    cands = [p for p in people if _words(p.name)[-1] == word] or [
        p for p in people if _words(p.name)[0] == word
    ]
    if cands:
        _mentioned(_nearest(cands, m.start), m)
        return True
    same = next((p for p in people if lexicon.fold(p.name) == word), None)
    if same is not None:
        same.spans.append((m.start, m.end))
        same.confidence = max(same.confidence, m.confidence)
        return True
    variants = [p for p in people if len(_words(p.name)) >= 2 and variant(_words(p.name)[-1], word)]
    if variants:
        _mentioned(_nearest(variants, m.start), m)  # "Minister Sobolevsky" of Ivan Sobolevskiy
        return True
    if m.titled:
        people.append(
            Entry(name=m.text, kind="person", spans=[(m.start, m.end)], confidence=m.confidence)
        )
        return True
    return False


_VOWELS = frozenset("aeiouy")
_MIN_VARIANT = 6


def variant(a: str, b: str) -> bool:
    """Tell whether two folded surnames are spellings of one name ("Sobolevskiy", "Sobolevsky").

    Transliterations differ in a vowel ("y", "i", "e" …) or a doubled letter, rarely in a
    consonant ("Johnson" and "Johnston" are two names): the longer of the two is the shorter
    with one such letter added or changed, and both share their first three letters. A last
    letter added or changed is a different form of the name ("Petrov", his wife "Petrova"),
    unless it is "i" for "y" or a doubled letter.
    """
    if a == b or min(len(a), len(b)) < _MIN_VARIANT or a[:3] != b[:3]:
        return False
    if len(a) == len(b):
        diff = [(k, x, y) for k, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) != 1:
            return False
        k, x, y = diff[0]
        if k == len(a) - 1:
            return {x, y} == {"i", "y"}
        return x in _VOWELS and y in _VOWELS
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if len(longer) - len(shorter) != 1:
        return False
    k = next(
        (k for k, (x, y) in enumerate(zip(longer, shorter, strict=False)) if x != y),
        len(shorter),
    )
    if longer[:k] + longer[k + 1 :] != shorter:
        return False
    extra = longer[k]
    doubled = (k > 0 and longer[k - 1] == extra) or (k + 1 < len(longer) and longer[k + 1] == extra)
    return doubled or (extra in _VOWELS and k < len(longer) - 1)


def _org_fragment(m: Mention, org_texts: set[str]) -> bool:
    """Tell whether a lone name is a word of an organisation's name ("Channel" of "Channel 9")."""
    word = " ".join(_tokens(m.text))
    return any(word in o.split() for o in org_texts)


def _relabel(m: Mention, labels: dict[str, set[str]]) -> None:
    """Give a lone name no person claims the label NER gives the same word elsewhere.

    An untitled lone name never tied to a full name is rarely a person in news copy (people
    are introduced in full); NER's PERSON there is mostly a misread place or group. It takes
    the label the same word gets elsewhere, an Arabic-article group name ("Al-Wadi") is an
    organisation, and anything else names nothing (kind None). A mention dropped so still
    covers its words: no surname is recovered there (see _recover_surnames).
    """
    other = labels.get(lexicon.fold(m.text), set()) - {"PERSON"}
    if "GPE" in other or "LOC" in other or "FAC" in other:
        m.kind = "place"
        m.place_kind = place_kind(m.text, "GPE")
    elif "ORG" in other or re.match(r"(?i)^(al|el|ad|as|an)[-‐]", m.text):
        m.kind = "org"
    else:
        m.kind = None


def _contains(longer: list[str], shorter: list[str]) -> bool:
    """Tell whether the words of `shorter` all appear in `longer`, in order."""
    it = iter(longer)
    return all(w in it for w in shorter)


def _nearest(cands: list[Entry], char: int, window: int = 300) -> Entry:
    """Pick the person a shared surname means ("Ri" with Ri Son Il and Ri Mi Ran).

    A bare surname right after one of them (within `window` characters) means that one;
    otherwise it means the person introduced first, the story's main actor.
    """
    if len(cands) == 1:
        return cands[0]

    def last_before(p: Entry) -> int:
        before = [s for s, _ in p.spans if s < char]
        return max(before) if before else -1

    recent = max(cands, key=last_before)
    if (
        last_before(recent) >= 0
        and char - last_before(recent) <= window
        and all(last_before(p) < last_before(recent) for p in cands if p is not recent)
    ):
        return recent
    return min(cands, key=lambda p: min((s for s, _ in p.spans), default=char))


def _org_key(text: str) -> str:
    """Return the key organisation and place names merge on ("the UN X" → "united nations x")."""
    key = lexicon.fold(text)
    key = re.sub(r"^(the )", "", key)
    key = re.sub(r"^(un|u n) ", "united nations ", key)
    return key


def _merge_named(mentions_: list[Mention], kind: EntityKind) -> list[Entry]:
    """Merge organisation or place mentions by normalised name; shorter forms join longer ones."""
    entries: list[Entry] = []
    by_key: dict[str, Entry] = {}
    # Short forms the text defines in brackets ("the Ohio State Auditor (OSA)"; see
    # mentions._defined_names): their mentions name the full form.
    defined = {m.alias: m.text for m in mentions_ if m.alias and m.alias.isupper()}
    for m in mentions_:
        name = m.text
        if kind == "place" and m.place_kind == "country":
            name = lexicon.country(m.text) or m.text
        elif kind == "org":
            expanded = lexicon.ORG_ALIASES.get(lexicon.fold(m.text)) or defined.get(m.text)
            name = expanded or m.text
        key = _org_key(name)
        entry = by_key.get(key)
        if entry is None:
            entry = Entry(name=name, kind=kind, place_kind=m.place_kind, confidence=0.0)
            entries.append(entry)
            by_key[key] = entry
        if m.confidence > entry.confidence:
            # The kind the strongest evidence gives ("Gaza" a city, later "in Gaza" guessed).
            entry.confidence = m.confidence
            if kind == "place" and entry.place_kind != "country":
                entry.place_kind = m.place_kind
        elif m.place_kind != "country" and len(name) > len(entry.name):
            # The fullest form names it: "United Nations Security Council" over
            # "UN Security Council".
            entry.name, old = name, entry.name
            entry.add_alias(old)
        entry.add_alias(m.text)
        if m.alias:
            entry.add_alias(m.alias)
        entry.spans.append((m.start, m.end))
    _merge_acronyms(entries)
    # "State Department" joins "U.S. State Department"; "Gaza" joins "Gaza Strip".
    for e in sorted(entries, key=lambda x: len(_org_key(x.name))):
        ek = _org_key(e.name).split()
        for f in entries:
            if f is e or f.kind != e.kind:
                continue
            fk = _org_key(f.name).split()
            if len(fk) > len(ek) and _is_affix(fk, ek) and e in entries:
                if kind == "place" and "country" in (e.place_kind, f.place_kind):
                    # A country is neither part of a longer name nor folds one in: "Guinea"
                    # and "Equatorial Guinea" are two countries, "Korea" no part of "Korea Strait".
                    continue
                f.absorb(e)
                entries.remove(e)
                break
    for e in entries:
        e.spans.sort()
        e.aliases = [a for a in e.aliases if a != e.name and a.removeprefix("the ") != e.name]
        if e.name.lower().startswith("the "):
            e.name = e.name[4:]
    entries.sort(key=lambda x: x.spans[0][0])
    return entries


def acronym(name: str) -> str:
    """Return the initials of a name's content words ("Alliance for Civic Renewal" → ACR)."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w’'-]*", name) if w[0].isupper())


def _short_forms(name: str) -> set[str]:
    """Return the capitalised short forms of a name: its initials, also without a company
    suffix, and its first word ("Acme Gas & Electric Co." → AGEC, AGE, ACME)."""
    words = name.split()
    forms = {acronym(name)}
    if lexicon.fold(words[-1]) in lexicon.COMPANY_SUFFIXES:
        forms.add(acronym(" ".join(words[:-1])))
        forms.add(re.sub(r"[^A-Za-z]", "", words[0]).upper())
    return {f for f in forms if len(f) >= 2}


def _merge_acronyms(entries: list[Entry]) -> None:
    """Fold "ACR" into "Alliance for Civic Renewal" when the letters are its initials.

    A company's first word in capitals is its short name too ("ACME" for "Acme Gas & Electric
    Co.").
    """
    for e in list(entries):
        short = re.sub(r"[^A-Za-z]", "", e.name)
        if not (2 <= len(short) <= 8 and short.isupper() and " " not in e.name.strip()):
            continue
        for f in entries:
            if (
                f is not e
                and f.kind == e.kind
                and len(f.name.split()) >= 2
                and short in _short_forms(f.name)
            ):
                f.add_alias(e.name)
                f.spans += e.spans
                entries.remove(e)
                break


def _is_affix(longer: list[str], shorter: list[str]) -> bool:
    """Tell whether `shorter` begins or ends `longer`."""
    n = len(shorter)
    return longer[:n] == shorter or longer[-n:] == shorter


# ---------------------------------------------------------------------- entry point


def find(layout: Layout) -> Entities:
    """Find, classify and merge the people, organisations and places of a parsed article."""
    result = Entities(layout)
    for sent in layout.sents:
        if _CREDIT.search(sent.text.strip()):
            result.credits.append(sent.text.strip())
            result.credit_ranges.append((sent.start_char, sent.end_char))
    ms = mentions(layout, result.credit_ranges)
    person_ms = [m for m in ms if m.kind == "person"]
    _reclassify_people(ms, person_ms)
    org_texts = {lexicon.fold(m.text) for m in ms if m.kind == "org"}
    person_ms = [m for m in ms if m.kind == "person"]
    labels: dict[str, set[str]] = {}
    for ent in layout.doc.ents:
        labels.setdefault(lexicon.fold(ent.text), set()).add(ent.label_)
    people, extra = _merge_people(person_ms, org_texts, labels)
    orgs = [m for m in ms if m.kind == "org" and lexicon.fold(m.text) not in lexicon.VAGUE_ORGS]
    orgs += [m for m in extra if m.kind == "org"]
    ms += [m for m in extra if m.kind == "place"]
    orgs.sort(key=lambda m: m.start)
    _recover_surnames(layout, people, ms, result.credit_ranges)
    result.people_ = people
    result.orgs_ = _merge_named(orgs, "org")
    _recover_short_forms(layout, result.orgs_, ms, result.credit_ranges)
    result.places_ = _merge_named([m for m in ms if m.kind == "place"], "place")
    result.finish()
    roles = Roles(layout, result)
    for person in result.people_:
        find_role(person, roles)
    described = lead_description(layout, result)
    if described is not None:
        person, toks = described
        person.role = clean(toks)
        person.affiliation = affiliation_of(toks, result)
    return result


def _recover_surnames(
    layout: Layout, people: list[Entry], ms: list[Mention], skip: list[tuple[int, int]]
) -> None:
    """Add surname mentions NER missed ("…," Poling added) to the person they name."""
    covered = Intervals((m.start, m.end) for m in ms)
    credits = Intervals(skip)
    by_word: dict[str, list[Entry]] = {}
    for p in people:
        words = _words(p.name)
        if len(words) >= 2:
            by_word.setdefault(words[-1], []).append(p)
            by_word.setdefault(words[0], []).append(p)
    for tok in layout.doc:
        if not tok.is_title or tok.pos_ not in ("PROPN", "NOUN", "X", "ADJ"):
            continue
        if (tok.ent_type_ and tok.ent_iob_ == "I") or (
            tok.ent_type_ and tok.i + 1 < len(tok.doc) and tok.nbor(1).ent_iob_ == "I"
        ):
            continue  # part of a longer name
        cands = by_word.get(lexicon.fold(tok.text))
        if not cands or tok.idx in covered or tok.idx in credits:
            continue
        # Only a name standing alone: not part of a longer proper-noun phrase.
        if (tok.i > 0 and tok.nbor(-1).pos_ == "PROPN") or (
            tok.i + 1 < len(tok.doc) and tok.nbor(1).pos_ == "PROPN"
        ):
            continue
        entry = _nearest(cands, tok.idx)
        entry.spans.append((tok.idx, tok.idx + len(tok.text)))
        entry.add_alias(tok.text)
        entry.spans.sort()


def _recover_short_forms(
    layout: Layout, orgs: list[Entry], ms: list[Mention], skip: list[tuple[int, int]]
) -> None:
    """Add untagged capitals that are an organisation's short form ("ACME" of "Acme … Co.")."""
    forms: dict[str, Entry] = {}
    for org in orgs:
        if len(org.name.split()) >= 2:
            for form in _short_forms(org.name):
                forms.setdefault(form, org)
    if not forms:
        return
    covered = [(m.start, m.end) for m in ms]
    for tok in layout.doc:
        named = forms.get(tok.text) if tok.is_upper and not tok.ent_type_ else None
        if named is None or any(s <= tok.idx < e for s, e in (*covered, *skip)):
            continue
        named.add_alias(tok.text)
        named.spans.append((tok.idx, tok.idx + len(tok.text)))
        named.spans.sort()


def _owned_person(m: Mention, full_name_words: set[str]) -> Mention | None:
    """Split "the Herald’s Okafor", one organisation mention, into the outlet and the person.

    The words after the possessive mark are a known person's name: `m` keeps the owner and
    the person's mention is returned.
    """
    span = m.span
    if span is None:
        return None
    mark = next((t.i for t in span if t.tag_ == "POS" and t.i > span.start), None)
    if mark is None or mark + 1 >= span.end:
        return None
    doc = span.doc
    owner, name = doc[span.start : mark], doc[mark + 1 : span.end]
    if not all(lexicon.fold(t.text) in full_name_words for t in name):
        return None
    m.start, m.end, m.text, m.span, m.alias = (
        owner.start_char,
        owner.end_char,
        owner.text,
        owner,
        None,
    )
    return Mention(name.start_char, name.end_char, name.text, "person", span=name)


def _reclassify_people(ms: list[Mention], person_ms: list[Mention]) -> None:
    """Turn organisation mentions that are really people's names into person mentions.

    NER sometimes tags "Tomas Bekele" ORG. A short all-capitalised organisation name
    with no organisation word, sharing a word with a person's name, or standing in apposition
    to a role ("One of the passengers, X, was a deputy mayor"), is a person.
    """
    person_words = {w for m in person_ms for w in _tokens(m.text)}
    full_name_words = {
        lexicon.fold(w) for m in person_ms if len(m.text.split()) >= 2 for w in m.text.split()
    }
    # One-word names the text gives a title or a person noun somewhere ("his wife Lena").
    titled_words = {lexicon.fold(m.text) for m in person_ms if m.titled and " " not in m.text}
    for m in list(ms):
        if m.kind == "place" and m.confidence < 1.0 and lexicon.fold(m.text) in full_name_words:
            # "…, added Okafor": a surname NER took for a place no gazetteer knows.
            m.kind, m.place_kind, m.confidence = "person", "other", 1.0
            continue
        if m.kind != "org" or m.span is None:
            continue
        toks = [t for t in m.span if not t.is_punct]
        if len(m.text.split()) == 1 and lexicon.fold(m.text) in full_name_words:
            m.kind = "person"  # "the Farah government": a name NER took for an organisation
            continue
        if len(m.text.split()) == 1 and lexicon.fold(m.text) in titled_words:
            m.kind, m.titled = "person", True  # "his wife Lena" … "the 40-year-old [Lena]ORG"
            continue
        owned = _owned_person(m, full_name_words)
        if owned is not None:
            ms.insert(ms.index(m) + 1, owned)
            continue
        if not 2 <= len(toks) <= 4 or not all(t.text[:1].isupper() for t in toks):
            continue
        words = _tokens(m.text)
        if any(w in lexicon.ORG_NOUNS or w in lexicon.GOVT_NOUNS for w in words):
            continue
        if words[-1] in lexicon.COMPANY_WORDS or words[-1] in lexicon.COMPANY_SUFFIXES:
            continue  # "Acme Pharma"
        if lexicon.country(m.text) or any(lexicon.country(t.text) for t in toks):
            continue
        root = m.span.root
        # In apposition to a noun, the noun says what it is: "the film Dark Harbour" is none.
        head = root.head
        thing = (
            head.pos_ == "NOUN"
            and not has_title([head])
            and head.lemma_.lower() not in lexicon.PEOPLE_NOUNS
        )
        if set(words) & person_words or (root.dep_ == "appos" and not thing):
            m.kind = "person"
