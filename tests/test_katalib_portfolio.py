"""`make portfolio`: built from the reference's real deliverables and loaded in a real headless browser."""
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading

import pytest

from katalib import days, grade, portfolio, runner

FINISHED = [days.get(n) for n in (4, 7, 8)]  # deliverables: a note, a PDF + PNGs, figures and a commentary
pytestmark = pytest.mark.timeout(900)  # the module's first test builds the reference's work (a few days' tests)


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """What a learner who finished a few days has: out/dayNN/ deliverables and grading results."""
    root = tmp_path_factory.mktemp("work")
    report = root / "report.json"
    env = {**os.environ, "KATAS_TARGET": "solutions", "KATAS_OUT_DIR": str(root / "out")}
    cmd = [sys.executable, "-m", "pytest", *[str(d.kata_dir) for d in FINISHED], "-p", "no:cacheprovider",
           "-m", "not slow and not bench and not stretch", f"--katas-report={report}", "-q", "--no-header"]
    proc = subprocess.run(cmd, cwd=days.ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(grade, "GRADING", root / "grading")
        mp.delenv("GITHUB_STEP_SUMMARY", raising=False)
        grade.write_results(runner.summarise(runner.read_report(report), FINISHED))
    return root


@pytest.fixture(scope="module")
def site(work):
    index = portfolio.build(dest=work / "portfolio", out=work / "out", grading=work / "grading")
    return index.parent


def test_the_index_lists_all_40_days_with_status_and_points(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td>(\d\d)</td>", text)
    assert rows == [f"{n:02d}" for n in range(1, 41)]
    assert text.count('class="done">done<') == len(FINISHED)
    assert "10/10" in text and "0/10" in text


def test_the_mini_projects_and_the_capstone_come_first(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    projects = text[text.index("<h2>Projects"):text.index("<h2>The 40 days")]
    assert [int(n) for n in re.findall(r"day (\d\d) ·", projects)] == [10, 15, 25, 40]


def test_a_finished_day_shows_its_figures_inline_and_its_notes_rendered(site, work):
    page = (site / "days" / "day07.html").read_text(encoding="utf-8")
    pngs = sorted(p.name for p in (work / "out" / "day07").rglob("*.png"))
    assert pngs and all(f'alt="{name}"' in page for name in pngs)
    assert ".pdf\">" in page, "the one-page PDF report is linked"
    note = (site / "days" / "day04.html").read_text(encoding="utf-8")
    assert "<h1>Matrix multiplication" in note or "<h1>" in note.split("</h1>", 1)[1], "Markdown is rendered"


def test_an_unfinished_day_has_no_page(site):
    assert not (site / "days" / "day05.html").exists()
    assert sorted(p.name for p in (site / "days").glob("*.html")) == [f"{d.id}.html" for d in FINISHED]


def test_the_site_needs_nothing_from_the_internet(site):
    for page in site.rglob("*.html"):
        if "/days/day" in page.as_posix() and page.parent.name.startswith("day"):
            continue  # the learner's own HTML exports are linked, not part of the site's pages
        refs = re.findall(r'(?:src|href)="([^"]+)"', page.read_text(encoding="utf-8"))
        assert not [r for r in refs if "://" in r or r.startswith("//")], f"{page.name} links outside the site: {refs}"


# ---------------------------------------------------------------- a real browser

def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if exe is None:
        pytest.fail("The portfolio is checked in a real headless browser, and none was found. Install Chromium: "
                    "`sudo apt-get install chromium` (Debian/Ubuntu), `brew install --cask chromium` (macOS).",
                    pytrace=False)
    return exe


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_every_page_loads_in_a_browser_with_its_images_and_links(served, site, tmp_path):
    from playwright.sync_api import sync_playwright

    exe = chromium()
    flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync"]
    problems, seen, queue = [], set(), [served + "index.html"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=flags, headless=True)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            response = page.goto(url)
            assert response is not None and response.ok, f"{url} did not load ({response and response.status})"
            broken = page.eval_on_selector_all("img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0))"
                                               ".map(i => i.getAttribute('src'))")
            problems += [f"{url}: image did not load: {src}" for src in broken]
            for href in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
                if re.fullmatch(re.escape(served) + r"(index|days/day\d\d)\.html", href):
                    queue.append(href)  # a page of the site: crawled (a learner's own HTML report is only fetched)
                    continue
                status = page.request.get(href).status
                if status != 200:
                    problems.append(f"{url}: broken link {href} ({status})")
            if url == served + "index.html":
                page.screenshot(path=str(tmp_path / "portfolio.png"), full_page=True)
        browser.close()
    assert len(seen) == 1 + len(FINISHED), f"pages visited: {sorted(seen)}"
    assert problems == []
    assert (tmp_path / "portfolio.png").stat().st_size > 10_000, "the screenshot of the index page is empty"
