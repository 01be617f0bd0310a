"""Put glossary names into machine-translated sentences.

The model translates the whole sentence, names included (it knows the grammar around them).
Afterwards, for each glossary name of the English sentence whose glossary form is not already
in the output, we look for the model's own rendering of that name (the model's translation of
the name alone) and replace it with the glossary form:

- Korean: names do not inflect, but the particle glued to them depends on whether the last
  syllable ends in a consonant (받침): 은/는, 이/가, 을/를, 과/와, (으)로, ... The particle after
  a replaced name is re-chosen for the new form.
- Russian: names decline. Each word of the model's rendering is matched by its stem plus the
  case ending the model chose, and that ending is moved onto the glossary form. Where the
  glossary form cannot take that ending (a feminine adjective for a masculine one), the
  model's words stay: grammar wins over the glossary spelling.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- Korean

# (after a final consonant, after a vowel); longest first so 이라고 wins over 이.
PARTICLES = [
    ("이라고", "라고"),
    ("이라는", "라는"),
    ("이라며", "라며"),
    ("이나", "나"),
    ("이며", "며"),
    ("이랑", "랑"),
    ("으로", "로"),
    ("은", "는"),
    ("이", "가"),
    ("을", "를"),
    ("과", "와"),
]
_PARTICLE_FORMS = sorted({p for pair in PARTICLES for p in pair}, key=len, reverse=True)
_RIEUL = 8  # index of final ㄹ: (으)로 takes 로 after it
# Final consonant of Latin letters and digits as read in Korean (엘, 엠, 엔, 알; 영, 일, 삼, ...).
_LATIN_FINAL = {"l": _RIEUL, "m": 16, "n": 4, "r": _RIEUL}
_DIGIT_FINAL = {"0": 21, "1": _RIEUL, "3": 16, "6": 1, "7": _RIEUL, "8": _RIEUL}


def final_consonant(word: str) -> int | None:
    """Return the index of the final consonant of `word`'s last sound (0: none), or None."""
    for ch in reversed(word.strip()):
        if "가" <= ch <= "힣":
            return (ord(ch) - 0xAC00) % 28
        if ch.isascii() and ch.isalnum():
            return (_DIGIT_FINAL if ch.isdigit() else _LATIN_FINAL).get(ch.lower(), 0)
        if ch.isalnum():
            return None
    return None


def particle_for(word: str, particle: str) -> str:
    """Return the form of `particle` that agrees with the end of `word`."""
    final = final_consonant(word)
    for consonant_form, vowel_form in PARTICLES:
        if particle in (consonant_form, vowel_form):
            if final is None:
                return particle
            if consonant_form == "으로":
                return vowel_form if final in (0, _RIEUL) else consonant_form
            return consonant_form if final else vowel_form
    return particle


# Particles that may be followed by another particle (과의, 으로는, 와도); others must end the word.
_STACKING = {"과": "의도만", "와": "의도만", "으로": "는도서써만부", "로": "는도서써만부"}


def fix_particle(word: str, rest: str) -> str:
    """Re-choose the particle at the start of `rest`, which follows `word` directly."""
    for form in _PARTICLE_FORMS:
        if not rest.startswith(form):
            continue
        after = rest[len(form) : len(form) + 1]
        if after and "가" <= after <= "힣" and after not in _STACKING.get(form, ""):
            continue  # not a particle: the name runs into another word (이다, 이번 ...)
        return particle_for(word, form) + rest[len(form) :]
    return rest


def _ko_pattern(form: str) -> str:
    return r"(?<![가-힣])" + r"\s*".join(re.escape(w) for w in form.split())


# --------------------------------------------------------------------------- Russian

_CYR = "а-яёА-ЯЁ"
_RU_ENDINGS = "аяоеёйьыиую"


def ru_stem(word: str) -> str:
    """Strip the nominative ending (up to two final vowels/й/ь), keeping at least 3 letters."""
    stem = word
    for _ in range(2):
        if len(stem) > 3 and stem[-1].lower() in _RU_ENDINGS and re.fullmatch(f"[{_CYR}]+", stem):
            stem = stem[:-1]
    return stem


def _ru_pattern(form: str) -> str:
    words = form.split()
    parts = []
    for w in words:
        stem = ru_stem(w)
        tail = f"([{_CYR}]{{0,4}})" if re.search(f"[{_CYR}]$", stem) else "()"
        parts.append(re.escape(stem) + tail)
    return r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)"


def _inflect(word: str, nominative_end: str, observed_end: str) -> str | None:
    """Give `word` the case ending the model chose; None when the endings do not line up."""
    if observed_end == nominative_end or not re.search(f"[{_CYR}]$", word):
        return word
    if nominative_end and word.endswith(nominative_end):
        return word[: len(word) - len(nominative_end)] + observed_end
    if not nominative_end and word[-1].lower() not in _RU_ENDINGS:
        return word + observed_end
    return None


def _ru_replace(match: re.Match[str], model_form: str, glossary_form: str) -> str | None:
    """Return the glossary form in the matched case, or None to keep the model's words."""
    m_words, g_words = model_form.split(), glossary_form.split()
    endings = [(w[len(ru_stem(w)) :], match.group(i + 1)) for i, w in enumerate(m_words)]
    if len(m_words) == len(g_words):
        words = [_inflect(g, nom, obs) for g, (nom, obs) in zip(g_words, endings, strict=True)]
    else:
        # Different word counts: the last word carries the case (Ким Чен Ына, Си Цзиньпина).
        nom, obs = endings[-1]
        words = [*g_words[:-1], _inflect(g_words[-1], nom, obs)]
    # A declined name we cannot decline the same way keeps the model's (grammatical) words.
    return None if None in words else " ".join(w for w in words if w is not None)


# --------------------------------------------------------------------------- both


def has_form(output: str, form: str, lang: str) -> bool:
    """Tell whether the glossary `form` already appears in `output` (in any case, for ru)."""
    if lang == "ru":
        return re.search(_ru_pattern(form), output, re.IGNORECASE) is not None
    if lang == "ko":
        return re.search(_ko_pattern(form), output) is not None
    return form in output


def apply_names(output: str, renderings: list[tuple[str, str]], lang: str) -> str:
    """Replace the model's rendering of names with their glossary form.

    `renderings` holds (model's rendering of the name alone, glossary form) pairs. Matches are
    found in the original output and replaced right to left, longest first where they overlap.
    """
    spans: list[tuple[int, int, str]] = []
    for model_form, glossary_form in renderings:
        model_form = model_form.strip()
        if not model_form or model_form == glossary_form:
            continue
        if lang == "ko" and len(model_form.replace(" ", "")) < 2:
            continue  # one syllable matches inside too many words
        if lang == "ru":
            regex = re.compile(_ru_pattern(model_form), re.IGNORECASE)
        elif lang == "ko":
            regex = re.compile(_ko_pattern(model_form))
        else:
            regex = re.compile(re.escape(model_form))
        for match in regex.finditer(output):
            new = _ru_replace(match, model_form, glossary_form) if lang == "ru" else glossary_form
            if new is not None:
                spans.append((match.start(), match.end(), new))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    chosen: list[tuple[int, int, str]] = []
    for span in spans:
        if not chosen or span[0] >= chosen[-1][1]:
            chosen.append(span)
    for start, end, new in reversed(chosen):
        rest = output[end:]
        if lang == "ko":
            rest = fix_particle(new, rest)
        output = output[:start] + new + rest
    return output
