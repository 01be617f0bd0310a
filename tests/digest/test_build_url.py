"""`briefing build URL`: a web page read through the fetcher and trafilatura."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.errors import ExitCode
from briefing.models import Article

from .feedserver import FeedServer, Redirect, Static, article_page


def build(tmp_path: Path, url: str) -> object:
    return CliRunner().invoke(
        main,
        ["build", url, "--out", str(tmp_path / "out"), "--lang", "en", "--format", "md"],
        env={"XDG_CONFIG_HOME": str(tmp_path / "cfg")},
    )


def test_build_from_a_url(server: FeedServer, articles: list[Article], tmp_path: Path) -> None:
    somalia = articles[0]
    server.routes["/news/somalia"] = Static(article_page(somalia))
    result = build(tmp_path, server.url("/news/somalia"))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    out = Path(result.stdout.strip())  # type: ignore[attr-defined]
    assert out.name == "somali-president-unharmed-in-palace-attack-17-killed.en.md"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Somali President Unharmed in Palace Attack; 17 Killed\n")
    assert "Hassan Sheikh Mohamud" in text
    assert f"- Link: {server.url('/news/somalia')}" in text
    assert (
        "- Source: Test News, February 21, 2014" in text
    )  # site name and date from the page's metadata
    assert "Copyright" not in text and "Home" not in text  # boilerplate left out


@pytest.mark.parametrize(
    ("route", "code", "message"),
    [
        (None, ExitCode.NETWORK, "HTTP 404 Not Found"),
        (
            Redirect("file:///etc/passwd"),
            ExitCode.NETWORK,
            "redirect to a non-http(s) URL refused (file)",
        ),
        (
            Static(b"\x89PNG\r\n", "image/png"),
            ExitCode.INPUT,
            "not an article page (content type image/png)",
        ),
    ],
)
def test_build_from_a_bad_url_is_one_clear_error(
    server: FeedServer, tmp_path: Path, route: object, code: int, message: str
) -> None:
    if route is not None:
        server.routes["/x"] = route  # type: ignore[assignment]
    result = build(tmp_path, server.url("/x"))
    assert result.exit_code == code  # type: ignore[attr-defined]
    assert result.stderr == f"briefing: error: {server.url('/x')}: {message}\n"  # type: ignore[attr-defined]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("hop", ["direct", "redirect"])
def test_a_url_from_someone_other_than_the_operator_may_not_reach_internal_addresses(
    server: FeedServer, articles: list[Article], tmp_path: Path, hop: str
) -> None:
    from briefing.config import Settings
    from briefing.errors import InputError
    from briefing.pipeline import read_url

    # The web desk passes its users' URLs as untrusted; `briefing build URL` as the operator's.
    server.routes["/story"] = Static(article_page(articles[0]))
    server.routes["/hop"] = Redirect(server.url("/story"))
    url = server.url("/story" if hop == "direct" else "/hop")
    settings = Settings(timeout=5.0)
    with pytest.raises(InputError, match=r"refused: 127\.0\.0\.1 is a loopback address"):
        read_url(url, settings, trusted=False)
    assert server.hits("/story") == []
    assert read_url(url, settings, trusted=True).title == articles[0].title
    allowed = settings.model_copy(update={"allowed_networks": ["127.0.0.0/8"]})
    assert read_url(url, allowed, trusted=False).title == articles[0].title
