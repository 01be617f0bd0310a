"""The facts editor: apply a submitted form to a job's facts, as a hand edit of facts.json would.

Field names carry the item's index in the facts the form was made from (the job's revision
guards against a form made from other facts):

    person-3-remove, person-3-role, person-3-affiliation
    org-1-remove
    place-0-remove, place-0-kind
    quote-5-speaker            a person's name, the quote's own speaker, or DROP
    stake-2-text, stake-2-remove
"""

from __future__ import annotations

import typing
from collections.abc import Mapping

from ..errors import InputError
from ..models import Facts, Person, Place, PlaceKind, Quote, Stake

PLACE_KINDS: tuple[str, ...] = typing.get_args(PlaceKind)
DROP = "__drop__"
MAX_FIELD = 300  # characters in a role, affiliation or stake


def speaker_choices(facts: Facts) -> list[str]:
    """Return the names a quote may be given to: the people, then other speakers as written."""
    names = [p.name for p in facts.people]
    return names + [q.speaker for q in facts.quotes if q.speaker not in names]


def _text(form: Mapping[str, str], key: str, current: str | None) -> str | None:
    if key not in form:
        return current
    value = " ".join(form[key].split())
    if len(value) > MAX_FIELD:
        raise InputError(f"{key}: longer than {MAX_FIELD} characters")
    return value or None


def _checked(form: Mapping[str, str], key: str) -> bool:
    return form.get(key, "") not in ("", "0", "off")


def apply_edits(facts: Facts, form: Mapping[str, str]) -> Facts:
    """Return `facts` with the form's removals and corrections; InputError for a bad value."""
    people: list[Person] = []
    for i, person in enumerate(facts.people):
        if _checked(form, f"person-{i}-remove"):
            continue
        people.append(
            person.model_copy(
                update={
                    "role": _text(form, f"person-{i}-role", person.role),
                    "affiliation": _text(form, f"person-{i}-affiliation", person.affiliation),
                }
            )
        )
    organizations = [
        org for i, org in enumerate(facts.organizations) if not _checked(form, f"org-{i}-remove")
    ]
    places: list[Place] = []
    for i, place in enumerate(facts.places):
        if _checked(form, f"place-{i}-remove"):
            continue
        kind = form.get(f"place-{i}-kind", place.kind)
        if kind not in PLACE_KINDS:
            raise InputError(f"place-{i}-kind: {kind!r} is not one of {', '.join(PLACE_KINDS)}")
        places.append(place.model_copy(update={"kind": kind}))
    allowed = set(speaker_choices(facts))
    quotes: list[Quote] = []
    for i, quote in enumerate(facts.quotes):
        speaker = form.get(f"quote-{i}-speaker", quote.speaker)
        if speaker == DROP:
            continue
        if speaker not in allowed:
            raise InputError(f"quote-{i}-speaker: {speaker!r} is not a person of the article")
        quotes.append(quote.model_copy(update={"speaker": speaker}))
    stakes: list[Stake] = []
    for i, stake in enumerate(facts.stakes):
        text = _text(form, f"stake-{i}-text", stake.text)
        if _checked(form, f"stake-{i}-remove") or text is None:
            continue
        stakes.append(stake.model_copy(update={"text": text}))
    return facts.model_copy(
        update={
            "people": people,
            "organizations": organizations,
            "places": places,
            "quotes": quotes,
            "stakes": stakes,
        }
    )
