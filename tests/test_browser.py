"""End to end: headless Chromium (Debian's) drives the real server over the seeds.

One browser and one server are shared by the whole module; a second server
over the seeds plus the clickid sample serves the tests that need many people.
No test measures time.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from search.indexing.pipeline import index_paths
from search.retrieval.facets import PersonFacet
from search.retrieval.request import MAX_QUERY_CHARS, SearchRequest
from search.retrieval.service import SearchIndex
from web.server import LIMIT_REQUEST_LINE

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip(f"browser tests need {CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium chromium-driver)", allow_module_level=True)

pytest.importorskip("selenium", reason="browser tests need selenium (pip install -e '.[test]')")
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
WAIT = 15  # seconds a condition may take before the test fails (never asserted on)

#: An article whose text is markup: it must show as text, never run or render.
HOSTILE_ARTICLE = """\
Uji keamanan <script>alert("judul")</script> zebrakuda "><img src=x onerror=alert(1)>

Artikel uji coba zebrakuda: teks <script>alert(2)</script> dan "><img src=x onerror=alert(3)> harus tampil sebagai teks biasa.
"""
HOSTILE_QUERY = 'zebrakuda "><img src=x onerror=alert(1)>'

#: A corpus whose every field is markup that would set ``window.__xss`` if it ran:
#: titles, persons and outlets given in the front matter (stored as given), and
#: bodies where the markup touches the searched word, so it sits right beside the
#: ``<mark>`` of a snippet or of the article page.
XSS_TITLE = 'Zebrakuda <script>window.__xss=1</script> "><svg onload=window.__xss=2> judul'
XSS_PERSON = "<img src=x onerror=window.__xss=3>"
XSS_PERSON_2 = 'Budi "><svg onload=window.__xss=4> Santoso'
XSS_SOURCE = '"><img src=x onerror=window.__xss=5>Kantor'
XSS_BODY_PARTS = ("<b>zebrakuda</b>", "zebrakuda<script>window.__xss=7</script>", "<img src=x onerror=window.__xss=8>zebrakuda", "&lt;i&gt;miring&lt;/i&gt;")
XSS_OTHER_TITLE = "Kuda <img src=x onerror=window.__xss=10> belang"
XSS_OTHER_PERSON = "</li><script>window.__xss=11</script>"
XSS_QUERY = 'zebrakuda "><svg onload=window.__xss=20> <script>window.__xss=21</script>'
HOSTILE_CORPUS = {
    "zebra.md": f"""---
title: '{XSS_TITLE}'
persons: ['{XSS_PERSON}', '{XSS_PERSON_2}']
source: '{XSS_SOURCE}'
date: 2021-12-30
url: 'javascript:window.__xss=6'
---
Warga melihat <b>zebrakuda</b> di taman. Hewan zebrakuda<script>window.__xss=7</script> itu berlari.
Teks <img src=x onerror=window.__xss=8>zebrakuda dan "><svg onload=window.__xss=9> sekali lagi &lt;i&gt;miring&lt;/i&gt; di taman.
""",
    "kuda.md": f"""---
title: '{XSS_OTHER_TITLE}'
persons: ['{XSS_OTHER_PERSON}']
source: '"><img src=x onerror=window.__xss=12>'
---
Kuda belang dan zebrakuda <svg onload=window.__xss=13> hidup di taman yang sama dengan zebrakuda lain di taman.
""",
}


# --------------------------------------------------------------------------- servers and browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(index_dir: Path, log: Path) -> Iterator[str]:
    """Run ``python -m search serve`` on a free loopback port until the generator is closed."""
    port = _free_port()
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "search", "serve", "--index", str(index_dir), "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(base + "/health", timeout=2).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"server did not start:\n{log.read_text(errors='replace')}") from None
                    time.sleep(0.1)
            yield base
        finally:
            server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown (TERM waits for idle workers)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The server over the five seeds plus one article made of markup."""
    folder = tmp_path_factory.mktemp("browser-corpus")
    (folder / "hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("browser-index")
    summary = index_paths([SEEDS, folder], index_dir)
    assert summary.indexed == 6 and not summary.skipped
    yield from _serve(index_dir, index_dir.parent / "server.log")


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over HOSTILE_CORPUS only."""
    folder = tmp_path_factory.mktemp("hostile-corpus")
    for name, text in HOSTILE_CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("hostile-index")
    summary = index_paths([folder], index_dir)
    assert summary.indexed == len(HOSTILE_CORPUS) and not summary.skipped
    yield from _serve(index_dir, index_dir.parent / "hostile-server.log")


@pytest.fixture(scope="module")
def mixed_url(mixed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over the seeds plus the clickid sample (skips without ../shared)."""
    yield from _serve(mixed_index_dir, tmp_path_factory.mktemp("mixed-server") / "server.log")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """One headless Chromium for the module; Selenium Manager is kept offline."""
    previous = os.environ.get("SE_OFFLINE")
    os.environ["SE_OFFLINE"] = "true"
    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):  # fmt: skip
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the console, where CSP violations are reported
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        if previous is None:
            os.environ.pop("SE_OFFLINE", None)
        else:
            os.environ["SE_OFFLINE"] = previous


@pytest.fixture
def page(browser: WebDriver) -> Iterator[WebDriver]:
    """The browser at desktop size, with no dialog left open after the test."""
    yield browser
    try:
        browser.switch_to.alert.dismiss()
    except NoAlertPresentException:
        pass


# --------------------------------------------------------------------------- helpers


def wait(driver: WebDriver, condition, seconds: float = WAIT):
    return WebDriverWait(driver, seconds).until(condition)


def _mark_page(driver: WebDriver) -> None:
    driver.execute_script("window.__telusurOldPage = true;")


def _wait_new_page(driver: WebDriver) -> None:
    """Wait until the page marked by ``_mark_page`` is replaced and loaded."""

    def loaded(d: WebDriver) -> bool:
        return d.execute_script("return !window.__telusurOldPage && document.readyState === 'complete';")

    WebDriverWait(driver, WAIT, ignored_exceptions=(WebDriverException,)).until(loaded)


def follow(driver: WebDriver, element: WebElement) -> None:
    """Click a link (or button) that loads a new page, and wait for that page."""
    _mark_page(driver)
    element.click()
    _wait_new_page(driver)


def submit(driver: WebDriver, field: WebElement, text: str) -> None:
    """Type into a field and press Enter; wait for the new page."""
    _mark_page(driver)
    field.clear()
    field.send_keys(text + Keys.ENTER)
    _wait_new_page(driver)


def count_of(link: WebElement) -> int:
    """The count a facet value shows."""
    return int("".join(ch for ch in link.find_element(By.CSS_SELECTOR, ".count").get_attribute("textContent") if ch.isdigit()))


def press(driver: WebDriver, key: str) -> None:
    """Press a key wherever the focus is."""
    ActionChains(driver).send_keys(key).perform()


def hits(driver: WebDriver) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, ".results .hit")


def params(driver: WebDriver) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).query)


def chips(driver: WebDriver) -> list[str]:
    """The active filter chips' labels; each chip also says (to screen readers) that it removes."""
    labels = []
    for chip in driver.find_elements(By.CSS_SELECTOR, ".chips .chip"):
        text = " ".join(chip.get_attribute("textContent").split())
        assert text.endswith(" ✕ (hapus saringan)"), text
        labels.append(text.removesuffix(" ✕ (hapus saringan)"))
    return labels


def facet_link(driver: WebDriver, facet: str, value: str) -> WebElement:
    return driver.find_element(By.CSS_SELECTOR, f'#facet-{facet} a.facet-value[data-value="{value}"]')


def summary_total(driver: WebDriver) -> int:
    """The number of articles the summary line states (its last <strong>)."""
    strongs = driver.find_elements(By.CSS_SELECTOR, "#summary strong")
    return int(strongs[-1].text.replace(".", ""))


def no_alert(driver: WebDriver) -> bool:
    try:
        driver.switch_to.alert  # noqa: B018 - reading it raises when no dialog is open
    except NoAlertPresentException:
        return True
    return False


# --------------------------------------------------------------------------- tests


def test_typing_a_query_shows_highlighted_results(page: WebDriver, base_url: str):
    page.get(base_url + "/")
    assert len(hits(page)) == 6, "an empty query browses everything"
    submit(page, page.find_element(By.ID, "q"), "pembicaraan")
    assert params(page)["q"] == ["pembicaraan"]
    assert page.find_element(By.ID, "q").get_attribute("value") == "pembicaraan", "the box keeps the query"
    results = hits(page)
    assert len(results) == 5 and summary_total(page) == 5
    assert "milidetik" in page.find_element(By.ID, "summary").text
    assert any("<mark>Pembicaraan</mark>" in r.get_attribute("innerHTML") for r in results)
    first = results[0]
    assert first.find_elements(By.CSS_SELECTOR, ".snippet mark"), "the snippet marks the matches"
    assert first.find_element(By.CSS_SELECTOR, "h3 a").get_attribute("href").endswith("#m1")
    assert first.find_elements(By.CSS_SELECTOR, ".persons a"), "persons as small links"


def test_ticking_a_person_and_a_source_narrows_and_shows_chips(page: WebDriver, base_url: str):
    page.get(base_url + "/?q=pembicaraan")
    follow(page, facet_link(page, "person", "Jen Psaki"))
    assert params(page)["person"] == ["Jen Psaki"]
    assert len(hits(page)) == 2  # seeds 002 and 003 quote Psaki
    assert chips(page) == ["Tokoh: Jen Psaki"]
    assert facet_link(page, "person", "Jen Psaki").get_attribute("aria-current") == "true"
    kontan = facet_link(page, "source", "Kontan")
    follow(page, kontan)
    assert len(hits(page)) == 1 and params(page)["source"] == ["Kontan"]
    assert set(chips(page)) == {"Tokoh: Jen Psaki", "Sumber: Kontan"}
    # The other outlet keeps its count while Kontan is ticked: ticking it too gives both (OR).
    alinea = facet_link(page, "source", "alinea.id")
    assert count_of(alinea) == 1
    follow(page, alinea)
    assert len(hits(page)) == 2 and params(page)["source"] == ["Kontan", "alinea.id"]


def test_removing_a_chip_and_clearing_all(page: WebDriver, base_url: str):
    page.get(base_url + "/?q=pembicaraan&person=Jen+Psaki&source=Kontan")
    assert len(hits(page)) == 1
    chip = next(c for c in page.find_elements(By.CSS_SELECTOR, ".chips .chip") if "Kontan" in c.text)
    follow(page, chip)
    assert "source" not in params(page) and params(page)["person"] == ["Jen Psaki"]
    assert len(hits(page)) == 2 and chips(page) == ["Tokoh: Jen Psaki"]
    follow(page, page.find_element(By.LINK_TEXT, "hapus semua"))
    assert params(page) == {"q": ["pembicaraan"]}
    assert len(hits(page)) == 5 and not chips(page)


def test_month_bar_and_date_inputs_filter_by_date(page: WebDriver, base_url: str):
    page.get(base_url + "/")
    bars = page.find_elements(By.CSS_SELECTOR, "#facet-date .bars a")
    assert len(bars) == 1  # the seeds have one dated article (31 December 2021)
    label = bars[0].find_element(By.CSS_SELECTOR, ".visually-hidden").get_attribute("textContent")
    assert label == "Desember 2021: 1 artikel"
    undated = page.find_element(By.CSS_SELECTOR, "#facet-date .bars.undated .slot")
    assert undated.get_attribute("data-label") == "Tanpa tanggal: 5 artikel"
    follow(page, bars[0])
    assert params(page)["from"] == ["2021-12-01"] and params(page)["to"] == ["2021-12-31"]
    assert len(hits(page)) == 1 and "31 Desember 2021" in hits(page)[0].text
    assert chips(page) == ["Tanggal: Desember 2021"]
    assert page.find_element(By.CSS_SELECTOR, "#facet-date .bars li.selected")

    # The from/to inputs: a range that leaves the dated article out.
    page.get(base_url + "/?q=pembicaraan")
    page.execute_script(
        "document.getElementById('from').value = '2022-01-01'; document.getElementById('to').value = '2022-01-31';"
    )
    follow(page, page.find_element(By.CSS_SELECTOR, ".dates button"))
    assert params(page)["from"] == ["2022-01-01"] and params(page)["q"] == ["pembicaraan"]
    assert not hits(page)
    empty = page.find_element(By.CSS_SELECTOR, ".empty")
    assert "Tidak ada artikel yang cocok" in empty.text
    removal = empty.find_element(By.PARTIAL_LINK_TEXT, "Hapus tanggal")
    follow(page, removal)
    assert len(hits(page)) == 5 and "from" not in params(page)


def test_pagination(page: WebDriver, base_url: str):
    page.get(base_url + "/?size=2")
    assert len(hits(page)) == 2
    pages = page.find_element(By.CSS_SELECTOR, "nav.pages")
    assert pages.find_element(By.CSS_SELECTOR, "strong[aria-current=page]").text == "1"
    seen = {h.find_element(By.CSS_SELECTOR, "h3").text for h in hits(page)}
    follow(page, pages.find_element(By.LINK_TEXT, "2"))
    assert params(page)["page"] == ["2"] and params(page)["size"] == ["2"]
    seen |= {h.find_element(By.CSS_SELECTOR, "h3").text for h in hits(page)}
    follow(page, page.find_element(By.CSS_SELECTOR, "nav.pages a[rel=next]"))
    assert params(page)["page"] == ["3"]
    seen |= {h.find_element(By.CSS_SELECTOR, "h3").text for h in hits(page)}
    assert len(seen) == 6, "three pages of two show every article once"
    assert not page.find_elements(By.CSS_SELECTOR, "nav.pages a[rel=next]")
    assert "Hasil 5–6 dari 6" in page.find_element(By.ID, "summary").text


def test_article_page_scrolls_to_the_first_match(page: WebDriver, base_url: str):
    page.get(base_url + "/?q=blinken")  # named far down in seed 004
    (hit,) = hits(page)
    follow(page, hit.find_element(By.CSS_SELECTOR, "h3 a"))
    assert urlsplit(page.current_url).path == "/documents/004_6ab4937c15d602ea"
    assert urlsplit(page.current_url).fragment == "m1"
    first = page.find_element(By.ID, "m1")
    assert first.tag_name == "mark" and first.text == "Blinken"
    top, bottom, height, scrolled = page.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight, window.scrollY];", first
    )
    assert scrolled > 0 and top >= 0 and bottom <= height, "the first match is in view"
    # metadata, persons as filter links, the original link and similar articles
    meta = page.find_element(By.CSS_SELECTOR, ".docmeta").text
    assert "Tokoh" in meta and "Antony Blinken" in meta
    similar = page.find_elements(By.CSS_SELECTOR, ".similar li > a")
    assert similar and all("/documents/" in a.get_attribute("href") for a in similar)
    follow(page, page.find_element(By.LINK_TEXT, "‹ Kembali ke hasil"))
    assert params(page) == {"q": ["blinken"]}


def test_following_the_spelling_suggestion(page: WebDriver, base_url: str):
    page.get(base_url + "/")
    submit(page, page.find_element(By.ID, "q"), "ushakof")
    assert not hits(page)
    suggestion = page.find_element(By.CSS_SELECTOR, ".suggestion")
    assert suggestion.text.startswith("Maksud Anda: ushakov?")
    follow(page, suggestion.find_element(By.TAG_NAME, "a"))
    assert params(page)["q"] == ["ushakov"]
    assert page.find_element(By.ID, "q").get_attribute("value") == "ushakov"
    assert len(hits(page)) == 3 and not page.find_elements(By.CSS_SELECTOR, ".suggestion")


def test_phone_sized_screen(page: WebDriver, base_url: str):
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 412, "height": 900, "deviceScaleFactor": 1, "mobile": True})
    try:
        page.get(base_url + "/")
        submit(page, page.find_element(By.ID, "q"), "bicara")
        assert len(hits(page)) == 5

        def layout() -> dict[str, float]:
            return page.execute_script(
                """const hit = document.querySelector('.hit'), snippet = hit.querySelector('.snippet');
                return {inner: window.innerWidth, scroll: document.documentElement.scrollWidth,
                        hitLeft: hit.getBoundingClientRect().left, hitRight: hit.getBoundingClientRect().right,
                        font: parseFloat(getComputedStyle(snippet).fontSize),
                        facetsTop: document.getElementById('saring').getBoundingClientRect().top,
                        hitTop: hit.getBoundingClientRect().top};"""
            )

        shape = layout()
        assert shape["inner"] == 412 and shape["scroll"] <= shape["inner"], "no horizontal scrolling"
        assert shape["hitLeft"] >= 0 and shape["hitRight"] <= shape["inner"] and shape["hitRight"] - shape["hitLeft"] > 300
        assert shape["font"] >= 14, "snippets in a readable size"
        assert shape["hitTop"] < shape["facetsTop"], "results first, filters below"
        follow(page, facet_link(page, "person", "Jen Psaki"))
        assert len(hits(page)) == 2 and chips(page) == ["Tokoh: Jen Psaki"]
        shape = layout()
        assert shape["scroll"] <= shape["inner"]
        follow(page, hits(page)[0].find_element(By.CSS_SELECTOR, "h3 a"))
        assert page.find_element(By.ID, "m1").is_displayed()
        assert page.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_keyboard_only(page: WebDriver, base_url: str):
    page.get(base_url + "/")
    assert page.switch_to.active_element.tag_name == "body"
    press(page, Keys.TAB)
    box = page.switch_to.active_element
    assert box.get_attribute("id") == "q", "the first Tab reaches the search box"
    _mark_page(page)
    box.send_keys("putin" + Keys.ENTER)
    _wait_new_page(page)
    assert params(page)["q"] == ["putin"] and len(hits(page)) == 5

    # Tab on to the first person link; focus must be visible on every link on the way.
    press(page, Keys.TAB)
    for _ in range(40):
        focused = page.switch_to.active_element
        if focused.tag_name == "a":
            style = page.execute_script("const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];", focused)
            assert style[0] != "none" and style[1] != "0px", f"focus is visible on {focused.text!r}"
        if "facet-value" in (focused.get_attribute("class") or ""):
            break
        press(page, Keys.TAB)
    else:
        pytest.fail("Tab never reached a facet link")
    chosen = focused.get_attribute("data-value")
    _mark_page(page)
    press(page, Keys.ENTER)
    _wait_new_page(page)
    assert params(page)["person"] == [chosen]


def test_person_filter_box_narrows_the_list_live(page: WebDriver, base_url: str):
    page.get(base_url + "/")
    listed = page.find_elements(By.CSS_SELECTOR, "#person-list a.facet-value")
    assert len(listed) > 10, "the top persons plus those behind 'Tampilkan lebih banyak'"
    details = page.find_element(By.CSS_SELECTOR, "#person-list details.more")
    assert details.get_attribute("open") is None
    hidden_one = details.find_element(By.CSS_SELECTOR, "a.facet-value").get_attribute("data-value")
    field = page.find_element(By.ID, "pq")
    field.send_keys("ush")
    wait(page, lambda d: [a.get_attribute("data-value") for a in d.find_elements(By.CSS_SELECTOR, "#person-list a.facet-value") if a.is_displayed()] == ["Yuri Ushakov"])
    assert page.current_url == base_url + "/", "filtering needs no page load"
    # A person behind "show more" is found too (the list opens).
    field.clear()
    field.send_keys(hidden_one.split()[-1][:4])
    wait(page, lambda d: any(a.get_attribute("data-value") == hidden_one and a.is_displayed() for a in d.find_elements(By.CSS_SELECTOR, "#person-list a.facet-value")))
    # Nobody matches: a message, no stale list.
    field.clear()
    field.send_keys("qqqq")
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, "#person-list .live-none").is_displayed())
    assert not [a for a in page.find_elements(By.CSS_SELECTOR, "#person-list a.facet-value") if a.is_displayed()]
    # Escape clears the filter and shows the list again.
    field.send_keys(Keys.ESCAPE)
    wait(page, lambda d: len([a for a in d.find_elements(By.CSS_SELECTOR, "#person-list a.facet-value") if a.is_displayed()]) >= 10)
    # Enter without JavaScript's help: the server lists the matching persons (pq).
    submit(page, page.find_element(By.ID, "pq"), "ushakov")
    assert params(page)["pq"] == ["ushakov"]
    assert [a.get_attribute("data-value") for a in page.find_elements(By.CSS_SELECTOR, ".person-matches a.facet-value")] == ["Yuri Ushakov"]


def test_person_filter_box_fetches_persons_not_listed(page: WebDriver, mixed_url: str, mixed_index_dir: Path):
    index = SearchIndex(mixed_index_dir)
    try:
        everyone = [f.value for f in index.facet_values(SearchRequest(), PersonFacet(), limit=100_000)]
    finally:
        index.close()
    page.get(mixed_url + "/")
    listed = {a.get_attribute("data-value") for a in page.find_elements(By.CSS_SELECTOR, "#person-list a.facet-value")}
    assert len(everyone) > len(listed), "the sample has more persons than the page lists"

    def prefix_of(name: str) -> str | None:
        """A word prefix of ``name`` that no listed person has."""
        for word in name.lower().split():
            for size in range(3, len(word) + 1):
                prefix = word[:size]
                if not any(w.startswith(prefix) for v in listed for w in [v.lower(), *v.lower().split()]):
                    return prefix
        return None

    target, prefix = next((name, p) for name in everyone if name not in listed and (p := prefix_of(name)))
    page.find_element(By.ID, "pq").send_keys(prefix)
    found = wait(page, lambda d: [a for a in d.find_elements(By.CSS_SELECTOR, "#person-list .live-matches a.facet-value") if a.get_attribute("data-value") == target])
    follow(page, found[0])
    assert params(page)["person"] == [target]
    assert hits(page) and all(target in h.text for h in hits(page))


def test_browsing_the_sample_histogram_and_deep_pages(page: WebDriver, mixed_url: str):
    page.get(mixed_url + "/")
    total = summary_total(page)
    assert total > 100 and len(hits(page)) == 10
    numbered = page.find_elements(By.CSS_SELECTOR, "nav.pages a:not([rel])")
    follow(page, numbered[-1])
    assert page.find_element(By.CSS_SELECTOR, "nav.pages strong[aria-current=page]").text == params(page)["page"][0] == str(-(-total // 10))
    assert page.find_elements(By.CSS_SELECTOR, "nav.pages a[rel=prev]") and not page.find_elements(By.CSS_SELECTOR, "nav.pages a[rel=next]")
    bars = page.find_elements(By.CSS_SELECTOR, "#facet-date .bars a")
    assert len(bars) > 1, "the histogram has a bar per month (or year)"
    heights = [b.size["height"] for b in page.find_elements(By.CSS_SELECTOR, "#facet-date .bars a .bar")]
    assert max(heights) > min(heights), "bar heights follow the counts"
    follow(page, bars[len(bars) // 2])
    assert "from" in params(page) and "page" not in params(page)
    assert 0 < summary_total(page) < total
    assert len(chips(page)) == 1 and chips(page)[0].startswith("Tanggal:")


def test_markup_in_text_and_query_shows_as_text(page: WebDriver, base_url: str):
    page.get(base_url + "/")
    submit(page, page.find_element(By.ID, "q"), HOSTILE_QUERY)
    assert no_alert(page)
    assert page.find_element(By.ID, "q").get_attribute("value") == HOSTILE_QUERY
    (hit,) = hits(page)
    assert '<script>alert(2)</script>' in hit.text and '"><img src=x onerror=alert(3)>' in hit.text
    assert HOSTILE_QUERY in page.find_element(By.ID, "summary").text

    def clean() -> None:
        assert no_alert(page)
        assert not page.find_elements(By.CSS_SELECTOR, "img"), "no injected element"
        scripts = page.execute_script("return Array.from(document.scripts, s => s.getAttribute('src'))")
        assert scripts == ["/static/telusur.js"], "only the page's own script"
        assert not page.execute_script("return Array.from(document.querySelectorAll('*')).some(e => e.hasAttribute('onerror'))")

    clean()
    follow(page, hit.find_element(By.CSS_SELECTOR, "h3 a"))
    clean()
    assert "<script>alert(2)</script>" in page.find_element(By.CSS_SELECTOR, ".document .body").text
    assert '<script>alert("judul")</script>' in page.find_element(By.TAG_NAME, "h1").text
    # The person filter box: typed markup is matched as text, and the pq form echoes it as text.
    page.get(base_url + "/")
    field = page.find_element(By.ID, "pq")
    field.send_keys('"><img src=x onerror=alert(5)>')
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, "#person-list .live-none").is_displayed())
    clean()
    submit(page, field, '"><img src=x onerror=alert(6)>')
    clean()
    assert '"><img src=x onerror=alert(6)>' in page.find_element(By.CSS_SELECTOR, ".person-matches").text


# --------------------------------------------------------------------------- a corpus made of markup; CSP; the real server's limits


def inert(driver: WebDriver) -> None:
    """Nothing injected ran or became an element: no ``window.__xss``, no dialog,
    no element the pages never use, only the page's own script, no handler attribute."""
    assert no_alert(driver)
    assert driver.execute_script("return typeof window.__xss") == "undefined", "injected code ran"
    assert not driver.find_elements(By.CSS_SELECTOR, "img, svg, iframe, object, embed, style, b, i"), "an element was made from text"
    assert driver.execute_script("return Array.from(document.scripts, s => s.getAttribute('src'))") == ["/static/telusur.js"]
    assert not driver.execute_script(
        "return Array.from(document.querySelectorAll('*')).some(e => Array.from(e.attributes).some(a => a.name.startsWith('on')))"
    ), "an event-handler attribute"


def only_marks(element: WebElement) -> list[str]:
    """The texts of the <mark>s in ``element``, which must be its only child elements."""
    children = element.find_elements(By.CSS_SELECTOR, "*")
    assert {c.tag_name for c in children} <= {"mark"}, [c.tag_name for c in children]
    return [c.text for c in children]


def test_hostile_corpus_shows_as_text_in_results_and_facets(page: WebDriver, hostile_url: str):
    page.get(hostile_url + "/")
    submit(page, page.find_element(By.ID, "q"), "zebrakuda")
    inert(page)
    results = hits(page)
    assert len(results) == 2
    titles = [h.find_element(By.CSS_SELECTOR, "h3").text for h in results]
    assert XSS_TITLE in titles and XSS_OTHER_TITLE in titles
    zebra = results[titles.index(XSS_TITLE)]
    snippet = zebra.find_element(By.CSS_SELECTOR, ".snippet")
    assert {m.lower() for m in only_marks(snippet)} == {"zebrakuda"}, "markup beside a match stays text around the <mark>"
    assert "<b>zebrakuda</b>" in snippet.text and "zebrakuda<script>window.__xss=7</script>" in snippet.text
    assert [a.text for a in zebra.find_elements(By.CSS_SELECTOR, ".persons a")] == [XSS_PERSON, XSS_PERSON_2]
    assert XSS_SOURCE in zebra.find_element(By.CSS_SELECTOR, ".meta").text
    persons = page.find_elements(By.CSS_SELECTOR, "#facet-person a.facet-value")
    assert {a.find_element(By.CSS_SELECTOR, ".name").text for a in persons} == {XSS_PERSON, XSS_PERSON_2, XSS_OTHER_PERSON}
    assert {a.get_attribute("data-value") for a in persons} == {XSS_PERSON, XSS_PERSON_2, XSS_OTHER_PERSON}
    sources = [a.find_element(By.CSS_SELECTOR, ".name").text for a in page.find_elements(By.CSS_SELECTOR, "#facet-source a.facet-value")]
    assert XSS_SOURCE in sources


def test_hostile_filters_show_as_text_in_chips_and_the_no_results_page(page: WebDriver, hostile_url: str):
    page.get(hostile_url + "/?q=zebrakuda")
    follow(page, facet_link(page, "person", XSS_PERSON).find_element(By.CSS_SELECTOR, ".name"))
    assert params(page)["person"] == [XSS_PERSON], "the value goes through the URL unchanged"
    inert(page)
    assert len(hits(page)) == 1 and chips(page) == [f"Tokoh: {XSS_PERSON}"]
    source = next(a for a in page.find_elements(By.CSS_SELECTOR, "#facet-source a.facet-value") if a.get_attribute("data-value") == XSS_SOURCE)
    follow(page, source)
    inert(page)
    assert chips(page) == [f"Tokoh: {XSS_PERSON}", f"Sumber: {XSS_SOURCE}"]
    # A query that finds nothing: the page offers each filter for removal, by name.
    submit(page, page.find_element(By.ID, "q"), XSS_QUERY)
    inert(page)
    assert not hits(page)
    assert page.find_element(By.ID, "q").get_attribute("value") == XSS_QUERY
    empty = page.find_element(By.CSS_SELECTOR, ".empty")
    assert XSS_QUERY in empty.find_element(By.TAG_NAME, "h2").text
    removals = [a.text for a in empty.find_elements(By.CSS_SELECTOR, ".removals a")]
    assert f"Hapus tokoh: {XSS_PERSON}" in removals and f"Hapus sumber: {XSS_SOURCE}" in removals
    assert XSS_QUERY in page.find_element(By.ID, "summary").text
    follow(page, empty.find_element(By.PARTIAL_LINK_TEXT, "Hapus tokoh"))
    inert(page)
    assert params(page)["source"] == [XSS_SOURCE] and "person" not in params(page)


def test_hostile_person_filter_box(page: WebDriver, hostile_url: str):
    page.get(hostile_url + "/?q=zebrakuda")
    field = page.find_element(By.ID, "pq")
    field.send_keys("budi")
    wait(page, lambda d: [a.get_attribute("data-value") for a in d.find_elements(By.CSS_SELECTOR, "#person-list a.facet-value") if a.is_displayed()] == [XSS_PERSON_2])
    inert(page)
    field.clear()
    field.send_keys("<svg onload=window.__xss=22>")
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, "#person-list .live-none").is_displayed())
    inert(page)
    submit(page, field, "budi <script>window.__xss=23</script>")
    inert(page)
    assert "budi <script>window.__xss=23</script>" in page.find_element(By.CSS_SELECTOR, ".person-matches").text


def test_hostile_article_page_and_similar_articles(page: WebDriver, hostile_url: str):
    page.get(hostile_url + "/?q=zebrakuda")
    zebra = next(h for h in hits(page) if h.find_element(By.CSS_SELECTOR, "h3").text == XSS_TITLE)
    follow(page, zebra.find_element(By.CSS_SELECTOR, "h3 a"))
    inert(page)
    assert page.title == f"{XSS_TITLE} · Telusur"
    assert page.find_element(By.TAG_NAME, "h1").text == XSS_TITLE
    body = page.find_element(By.CSS_SELECTOR, ".document .body")
    assert {m.lower() for m in only_marks(body)} == {"zebrakuda"} and len(only_marks(body)) == 3
    for part in XSS_BODY_PARTS:
        assert part in body.text, part
    meta = page.find_element(By.CSS_SELECTOR, ".docmeta")
    assert [a.text for a in meta.find_elements(By.CSS_SELECTOR, ".persons a")] == [XSS_PERSON, XSS_PERSON_2]
    assert XSS_SOURCE in meta.text
    assert "javascript:window.__xss=6" in meta.text, "a javascript: URL is shown, never linked"
    assert not page.find_elements(By.CSS_SELECTOR, "a[href^='javascript']")
    similar = page.find_elements(By.CSS_SELECTOR, ".similar li > a")
    assert [a.text for a in similar] == [XSS_OTHER_TITLE]
    follow(page, similar[0])
    inert(page)
    assert page.find_element(By.TAG_NAME, "h1").text == XSS_OTHER_TITLE
    assert [a.text for a in page.find_elements(By.CSS_SELECTOR, ".docmeta .persons a")] == [XSS_OTHER_PERSON]


def test_hostile_json_twins_in_the_browser(page: WebDriver, hostile_url: str):
    for path, check in (
        ("/api/search?q=zebrakuda", lambda body: {XSS_TITLE, XSS_OTHER_TITLE} == {h["title"] for h in body["hits"]}),
        ("/api/documents/zebra?q=zebrakuda", lambda body: body["title"] == XSS_TITLE and body["persons"] == [XSS_PERSON, XSS_PERSON_2]),
        ("/api/facets/person?prefix=budi", lambda body: [v["value"] for v in body["values"]] == [XSS_PERSON_2]),
        ("/api/search?q=zebrakuda&format=jsonl", None),
    ):
        page.get(hostile_url + path)
        assert no_alert(page) and page.execute_script("return typeof window.__xss") == "undefined"
        assert not page.find_elements(By.CSS_SELECTOR, "img, svg, script, iframe")
        if check is None:
            continue  # a download: the browser saves it and stays where it was
        assert page.execute_script("return document.contentType") == "application/json"
        assert check(json.loads(page.find_element(By.TAG_NAME, "pre").get_attribute("textContent"))), path


def test_hostile_error_pages(page: WebDriver, hostile_url: str):
    page.get(hostile_url + "/documents/%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D30%3E")
    inert(page)
    assert "<img src=x onerror=window.__xss=30>" in page.find_element(By.TAG_NAME, "main").text
    page.get(hostile_url + "/?sort=%3Csvg%20onload%3Dwindow.__xss%3D31%3E")
    inert(page)
    assert page.find_element(By.TAG_NAME, "h1").text == "Permintaan tidak valid"
    assert "<svg onload=window.__xss=31>" in page.find_element(By.TAG_NAME, "main").text


def csp_reports(driver: WebDriver) -> list[str]:
    """Console messages since the last call that report a Content Security Policy violation."""
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]


def test_pages_cause_no_content_security_policy_violation(page: WebDriver, base_url: str, hostile_url: str):
    csp_reports(page)  # drop what earlier tests logged
    listener = "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));"
    for url in (
        base_url + "/",
        base_url + "/?q=putin&person=Jen+Psaki&from=2021-12-01&to=2021-12-31",
        base_url + "/?q=ushakof",
        base_url + "/?q=zzzqqq&source=Kontan",
        base_url + "/?pq=ush",
        base_url + "/documents/004_6ab4937c15d602ea?q=blinken#m1",
        base_url + "/tidak-ada",
        base_url + "/?page=0",
        hostile_url + "/?q=zebrakuda",
        hostile_url + "/documents/zebra?q=zebrakuda",
    ):
        page.get(url)
        assert page.execute_script("return getComputedStyle(document.body).fontFamily") != "", "the stylesheet loads"
        page.execute_script(listener)
        # what the script does after load: the person filter (live list, fetch), the histogram caption, the "/" key
        if page.find_elements(By.ID, "pq"):
            page.find_element(By.ID, "pq").send_keys("ju")
            time.sleep(0.4)  # past the 200 ms before the facet request; nothing is measured
            bars = page.find_elements(By.CSS_SELECTOR, "#facet-date .bars a")
            if bars:
                ActionChains(page).move_to_element(bars[0]).perform()
            page.find_element(By.ID, "pq").send_keys(Keys.ESCAPE)
        press(page, "/")
        assert page.execute_script("return window.__violations") == [], url
        assert csp_reports(page) == [], url
    assert page.execute_script("return document.styleSheets.length") == 1
    # The check has teeth: inline code is refused, and the refusal is seen.
    page.execute_script(
        "const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.head.append(s);"
        "document.body.setAttribute('style', 'background: red');"
    )
    assert page.execute_script("return typeof window.__inline") == "undefined"
    assert page.execute_script("return getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    wait(page, lambda d: d.execute_script("return window.__violations.length") >= 2)
    assert len(csp_reports(page)) >= 2


def _fetch(url: str, method: str = "GET", data: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method, data=data)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def plain_url(seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over the seeds that the browser never visits: with one sync worker,
    a connection Chromium opens ahead of time would keep a plain request waiting."""
    yield from _serve(seed_index_dir, tmp_path_factory.mktemp("plain-server") / "server.log")


def test_the_real_server_enforces_the_limits_and_sends_the_headers(plain_url: str):
    base_url = plain_url
    status, headers, body = _fetch(base_url + "/api/search?q=" + "a" * (MAX_QUERY_CHARS + 1))
    assert status == 400 and json.loads(body)["parameter"] == "q"
    assert "script-src 'self'" in headers["Content-Security-Policy"] and headers["X-Frame-Options"] == "DENY"
    # A request line over gunicorn's limit is refused before it reaches the application...
    status, _, body = _fetch(base_url + "/api/search?q=" + "a" * LIMIT_REQUEST_LINE)
    assert status == 414 and b"Request Line is too large" in body
    # ...a big body is refused by the application, and the server keeps serving.
    status, headers, body = _fetch(base_url + "/api/search", "POST", b"x" * 100_000)
    assert status == 413 and json.loads(body)["status"] == 413
    status, headers, _ = _fetch(base_url + "/static/style.css")
    assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
    status, _, body = _fetch(base_url + "/health")
    assert status == 200 and json.loads(body)["documents"] == 5


# --------------------------------------------------------------------------- accessibility

#: axe-core 4.14.1 (MPL-2.0), vendored from its npm package: nothing is downloaded at run time.
AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
#: The rules axe runs: WCAG 2.0-2.2 A and AA, and its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(driver: WebDriver, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of ``impacts`` on the page the browser shows, one line each."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))))"
        ".catch(e => done([{id: 'axe failed: ' + e, impact: 'critical', nodes: []}]));",
        AXE_TAGS,
    )
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in result if v["impact"] in impacts]


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_axe_finds_no_serious_violation(page: WebDriver, base_url: str, phone: bool):
    """axe-core on the search page (empty, with a query, no results, paged, an error)
    and the article page, at desktop and at phone width."""
    if phone:
        page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 412, "height": 900, "deviceScaleFactor": 1, "mobile": True})
    try:
        found = {}
        for path in (
            "/",
            "/?q=putin&person=Jen+Psaki",
            "/?q=zzzqqq&source=Kontan",
            "/?q=ushakof",
            "/?size=1&page=3",
            "/?q=putin&page=9",
            "/?q=putin&from=2021-13-01",
            "/documents/003_214c75a972e520e4?q=putin#m1",
        ):
            page.get(base_url + path)
            found[path] = axe_violations(page)
        assert not any(found.values()), {path: lines for path, lines in found.items() if lines}
    finally:
        if phone:
            page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
