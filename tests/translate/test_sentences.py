from __future__ import annotations

import pytest

from briefing.translate.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        (
            "He met the U.S. ambassador. Then he left.",
            ["He met the U.S. ambassador.", "Then he left."],
        ),
        ("Mr. Kim arrived. Dr. Lee spoke.", ["Mr. Kim arrived.", "Dr. Lee spoke."]),
        ("John F. Kennedy spoke. Next.", ["John F. Kennedy spoke.", "Next."]),
        (
            "“We came here,” Putin said. “They are trying.”",
            ["“We came here,” Putin said.", "“They are trying.”"],
        ),
        ("Why? Because. Really!", ["Why?", "Because.", "Really!"]),
        ("It cost 2.5 billion dollars. Done.", ["It cost 2.5 billion dollars.", "Done."]),
        ("He said “yes.” Then left.", ["He said “yes.”", "Then left."]),
        ("first line\nsecond line", ["first line", "second line"]),
        ("no final stop", ["no final stop"]),
        ("   ", []),
        ("On Sept. 13 they met. Kim left.", ["On Sept. 13 they met.", "Kim left."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected
