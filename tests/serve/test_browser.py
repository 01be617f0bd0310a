"""The desk in a real headless browser (Debian's chromium and chromium-driver, via Selenium).

Paste the sample → the result page shows the brief and working downloads (the PDF has the
title); the facts editor removes a person from the brief; a digest day lists its stories.
With BRIEFING_SERVE_GALLERY=docs/gallery the pages are also saved there as serve-*.png (the
README's screenshots).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .server import Server, wait_until

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "examples" / "vostochny-summit.txt").read_text(encoding="utf-8")
GALLERY = os.environ.get("BRIEFING_SERVE_GALLERY")


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1200,1500",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def snap(driver: Any, name: str, *, full: bool = False) -> None:
    """Save the page as docs/gallery/serve-<name>.png when BRIEFING_SERVE_GALLERY is set."""
    if not GALLERY:
        return
    Path(GALLERY).mkdir(parents=True, exist_ok=True)
    if full:  # the whole page, not just the window
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1200, min(int(height) + 40, 4000))
    driver.save_screenshot(str(Path(GALLERY) / f"serve-{name}.png"))
    driver.set_window_size(1200, 1500)


def wait_for_result(driver: Any, timeout: float = 180) -> None:
    """Wait until the job page (which reloads itself) shows the built brief."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    def shown() -> bool:
        try:
            status = driver.find_elements(By.ID, "status")
            if status and status[0].text == "failed":
                raise AssertionError(driver.find_element(By.ID, "error").text)
            return bool(driver.find_elements(By.ID, "lang-en"))
        except StaleElementReferenceException:  # the page reloaded itself between two calls
            return False

    wait_until(shown, timeout, interval=0.3, what="the result page")


def test_paste_the_sample_then_read_and_download(
    server: Callable[..., Server], browser: Any
) -> None:
    from pypdf import PdfReader
    from selenium.webdriver.common.by import By

    driver = browser
    srv = server(BRIEFING_FORMATS='["md","pdf"]')
    driver.get(srv.base + "/")
    text = driver.find_element(By.ID, "text")
    text.send_keys(SAMPLE[:200])  # typed, as a person would start to…
    driver.execute_script("arguments[0].value = arguments[1]", text, SAMPLE)  # …then paste
    snap(driver, "new")
    driver.find_element(By.ID, "build").click()
    wait_for_result(driver)

    section = driver.find_element(By.ID, "lang-en")
    headings = [h.text for h in section.find_elements(By.TAG_NAME, "h2")]
    assert headings[:2] == ["Bottom line", "Who"]
    assert {"Where", "What is at stake", "Reactions", "Source and provenance"} <= set(headings)
    title = section.find_element(By.TAG_NAME, "h1").text
    assert "Putin" in title

    # Every download link works; the PDF opens and carries the title.
    links = driver.find_elements(By.CSS_SELECTOR, "a.download")
    hrefs = [a.get_attribute("href") for a in links]
    assert sorted(h.rsplit(".", 1)[1] for h in hrefs) == ["md", "pdf"]
    cookies = {c["name"]: c["value"] for c in driver.get_cookies()}
    for href in hrefs:
        response = httpx.get(href, cookies=cookies, timeout=30)
        assert response.status_code == 200, href
        if href.endswith(".pdf"):
            pdf = PdfReader(io.BytesIO(response.content))
            assert pdf.metadata is not None and pdf.metadata.title == title
            assert title.split()[0] in pdf.pages[0].extract_text()
        else:
            assert response.text.startswith(f"# {title}")

    # An evidence marker leads to its sentence of the article, highlighted as the target.
    marker = section.find_element(By.CSS_SELECTOR, "a.ev")
    number = marker.text.strip("[]s")
    marker.click()
    target = driver.execute_script("return document.querySelector(':target')")
    assert target.get_attribute("id") == f"s{number}"
    sentence = re.sub(r"^\d+\s*", "", target.text)  # the sentence after its number
    assert len(sentence) > 20 and " ".join(sentence.split()) in " ".join(SAMPLE.split())
    background = target.value_of_css_property("background-color")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    driver.execute_script("window.scrollTo(0, 0)")
    snap(driver, "result")


def test_the_facts_editor_removes_a_person(server: Callable[..., Server], browser: Any) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    srv = server()
    with srv.client() as http:
        job = http.post("/api/briefs", json={"text": SAMPLE}).json()
    driver.get(f"{srv.base}/jobs/{job['id']}")
    wait_for_result(driver)

    def who() -> str:
        """The brief's "Who" list."""
        return str(driver.find_element(By.ID, "lang-en").find_elements(By.TAG_NAME, "ul")[0].text)

    assert "Jung Dae-jin" in who()

    driver.find_element(By.ID, "edit").click()
    box = driver.find_element(By.CSS_SELECTOR, "input[data-name='Jung Dae-jin']")
    box.click()
    assert box.is_selected()
    snap(driver, "edit")
    driver.find_element(By.ID, "save").click()
    wait_until(
        lambda: (
            "corrected 1×" in driver.page_source and bool(driver.find_elements(By.ID, "lang-en"))
        ),
        180,
        interval=0.3,
        what="the corrected brief",
    )
    assert "Jung Dae-jin" not in who()
    assert "Vladimir Putin" in who()  # only the one person went
    with srv.client() as http:
        facts = http.get(f"/api/jobs/{job['id']}/facts").json()
    assert "Jung Dae-jin" not in [p["name"] for p in facts["people"]]


def test_a_digest_day_lists_its_stories(
    server: Callable[..., Server], browser: Any, tmp_path: Path
) -> None:
    from digest.feedserver import FeedServer, Static, entry_for, fixture_articles, rss
    from selenium.webdriver.common.by import By

    from briefing.config import Settings
    from briefing.digest import DigestOptions, run_digest
    from briefing.digest.feeds import FeedSpec

    articles = fixture_articles()[:2]
    feed = FeedServer().start()
    try:
        entries = [
            entry_for(a, feed.url(f"/story/{i}"), guid=f"urn:story:{i}", full=True)
            for i, a in enumerate(articles)
        ]
        feed.routes["/feed"] = Static(rss(entries, "Test wire"), "application/rss+xml")
        settings = Settings(
            state=tmp_path / "state.sqlite3",
            out_dir=tmp_path / "digests",
            langs=["en"],
            formats=["md", "pdf"],
            workers=1,
            cache_dir=tmp_path / "cache",
        )
        day = dt.date(2026, 11, 30)
        result = run_digest(
            settings, DigestOptions(feeds=[FeedSpec(url=feed.url("/feed"))], day=day)
        )
    finally:
        feed.stop()
    assert result.briefed == 2
    srv = server()
    driver = browser
    driver.get(srv.base + "/digests")
    assert "Test wire" in driver.find_element(By.ID, "feeds").text
    snap(driver, "digests")
    driver.find_element(By.LINK_TEXT, day.isoformat()).click()
    stories = driver.find_elements(By.CSS_SELECTOR, "#stories .story-title")
    assert len(stories) == 2
    titles = [s.text for s in stories]
    section = driver.find_element(By.ID, "digest-en").text
    for title in titles:
        assert title in section  # the digest itself, rendered, lists them too
    pdfs = [
        a.get_attribute("href")
        for a in driver.find_elements(By.CSS_SELECTOR, "#stories a.download")
        if a.get_attribute("href").endswith(".pdf")
    ]
    assert len(pdfs) == 2
    for href in pdfs:
        response = httpx.get(href, timeout=30)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    snap(driver, "day")
