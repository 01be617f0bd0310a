from __future__ import annotations

import pytest

from briefing.translate.guard import decoding_cap, degenerate

SRC = "▁The ▁two ▁leaders ▁held ▁talks ▁at ▁the ▁space port .".split()


@pytest.mark.parametrize(
    ("source", "output", "bad"),
    [
        (SRC, "▁Два ▁лидера ▁провели ▁переговоры ▁на ▁космодроме .".split(), False),
        (SRC, [], True),
        (SRC, "▁Два ▁лидера ▁лидера ▁лидера ▁лидера ▁лидера .".split(), True),  # one piece looping
        (
            SRC,
            "▁Два ▁лидера ▁провели ▁провели ▁провели ▁переговоры .".split(),
            False,
        ),  # 3× is allowed
        (SRC, ("▁на ▁космодроме " * 4).split(), True),  # a 2-gram looping
        (SRC, ("▁a ▁b ▁c ▁x " * 5).split(), True),  # a 3-gram coming back again and again
        (SRC, ["▁Да"], True),  # far too short
        (SRC, [f"▁w{i}" for i in range(31)], True),  # far too long
        (
            "▁no ▁no ▁no ▁no ▁no".split(),
            "▁нет ▁нет ▁нет ▁нет ▁нет".split(),
            False,
        ),  # copies the source
        (["▁Hi"], ["▁При", "вет"], False),  # short sources are not judged by ratio
    ],
)
def test_degenerate(source: list[str], output: list[str], bad: bool) -> None:
    assert (degenerate(source, output) is not None) is bad


def test_hitting_the_length_cap_is_degenerate() -> None:
    cap = decoding_cap(len(SRC))
    assert cap == int(1.5 * len(SRC) + 10)
    assert (
        degenerate(SRC, [f"▁w{i}" for i in range(cap)], cap)
        == "did not stop before the length limit"
    )
    assert degenerate(SRC, [f"▁w{i}" for i in range(cap - 1)], cap) is None
