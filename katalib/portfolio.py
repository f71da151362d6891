"""`make portfolio`: a static site of the learner's graded work, under portfolio/.

One page lists the 40 days with status and points (from grading/results.json, or the per-day
grading/results-dayNN.json files the Classroom workflow writes); the mini-projects and the capstone
come first. Each finished day gets a page with its deliverables from out/dayNN/: figures inline,
notes and reports rendered from Markdown, PDFs, HTML reports and data files linked (a CSV's first
rows shown). Every file the site uses is copied under portfolio/ and linked relatively, with the
style inline: it works offline, from a file:// URL and from a GitHub Pages branch (no CDN).
"""
from __future__ import annotations

import csv
import html
import json
import shutil
from pathlib import Path

from katalib import days

IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
TEXT = {".txt", ".json", ".jsonl", ".log", ".yaml", ".yml", ".toml", ".py", ".cast"}
STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1f2328}
a{color:#0969da} h1{margin-bottom:.2rem} .muted{color:#59636e}
table{border-collapse:collapse;width:100%;margin:1rem 0} th,td{border:1px solid #d1d9e0;padding:.35rem .6rem;text-align:left}
th{background:#f6f8fa} .done{color:#1a7f37;font-weight:600} .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:1rem}
.card{border:1px solid #d1d9e0;border-radius:8px;padding:.8rem} .card img{width:100%;height:150px;object-fit:contain;background:#f6f8fa}
figure{margin:1.5rem 0} figure img{max-width:100%;border:1px solid #d1d9e0} pre{background:#f6f8fa;padding:.8rem;overflow:auto}
.note{border-left:4px solid #d1d9e0;padding-left:1rem}
"""


def is_project(day: days.Day) -> bool:
    """The portfolio pieces of the curriculum: the mini-projects and the capstone."""
    return "Mini-Project" in day.title or "Capstone" in day.title


def read_results(grading: Path) -> dict[str, dict]:
    """Per-day results: results.json (make grade), overridden by newer results-dayNN.json (make grade-day)."""
    found: dict[str, tuple[float, dict]] = {}
    for path in sorted(grading.glob("results*.json")):
        stamp = path.stat().st_mtime
        only = path.stem.removeprefix("results-") if path.stem != "results" else None
        for row in json.loads(path.read_text(encoding="utf-8"))["days"]:
            if only and row["day"] != only:
                continue
            if row["day"] not in found or stamp >= found[row["day"]][0]:
                found[row["day"]] = (stamp, row)
    return {day: row for day, (_, row) in found.items()}


def _page(title: str, body: str) -> str:
    return (f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(title)}</title><link rel=\"icon\" href=\"data:,\"><style>{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n")


def _markdown(text: str) -> str:
    import mistune

    return mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])(text)


def _csv_preview(path: Path, rows: int = 8) -> str:
    with open(path, newline="", encoding="utf-8", errors="replace") as fh:
        lines = [r for _, r in zip(range(rows + 1), csv.reader(fh))]
    if not lines:
        return ""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in lines[0])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in lines[1:])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _deliverable(path: Path, rel: str) -> str:
    """The HTML showing one deliverable (rel: its path relative to the day's page)."""
    name, suffix = html.escape(path.name), path.suffix.lower()
    link = f"<a href=\"{html.escape(rel)}\">{name}</a>"
    if suffix in IMAGES:
        return f"<figure><img src=\"{html.escape(rel)}\" alt=\"{name}\"><figcaption>{link}</figcaption></figure>"
    if suffix == ".md":
        return f"<section class=\"note\"><p class=\"muted\">{link}</p>{_markdown(path.read_text(encoding='utf-8'))}</section>"
    if suffix == ".pdf":
        return f"<p>Report (PDF): {link}</p>"
    if suffix in (".html", ".htm"):
        return f"<p>Report (HTML): {link}</p>"
    if suffix == ".csv":
        return f"<p>Data (CSV): {link}</p>{_csv_preview(path)}"
    if suffix in TEXT:
        text = path.read_text(encoding="utf-8", errors="replace")
        return f"<p>{link}</p><pre>{html.escape(text[:2000])}{' …' if len(text) > 2000 else ''}</pre>"
    return f"<p>{link}</p>"


def build(dest: Path | None = None, out: Path | None = None, grading: Path | None = None) -> Path:
    """Write the site; returns the path of its index.html."""
    dest = Path(dest or days.ROOT / "portfolio")
    out = Path(out or days.ROOT / "out")
    results = read_results(Path(grading or days.ROOT / "grading"))
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "days").mkdir(parents=True)
    rows, cards, earned, possible = [], [], 0, 0
    for d in days.all_days():
        r = results.get(d.id, {})
        status = r.get("status") or ("coming soon" if not d.ready else "not graded")
        points = r.get("points_earned", 0)
        earned += points
        possible += d.points if d.ready else 0
        files = sorted(p for p in (out / d.id).rglob("*") if p.is_file()) if (out / d.id).is_dir() else []
        page = None
        if status == "done":
            page = f"days/{d.id}.html"
            target = dest / "days" / d.id
            parts = []
            for f in files:
                rel = f.relative_to(out / d.id)
                (target / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, target / rel)
                parts.append(_deliverable(f, f"{d.id}/{rel.as_posix()}"))
            body = (f"<p><a href=\"../index.html\">← all days</a></p><h1>Day {d.number:02d} — {html.escape(d.title)}</h1>"
                    f"<p class=\"muted\">week {d.week} · {points}/{d.points} points · "
                    f"{r.get('required_passed', 0)}/{r.get('required_total', 0)} required tests, "
                    f"{r.get('stretch_passed', 0)}/{r.get('stretch_total', 0)} stretch</p>"
                    + ("".join(parts) or "<p>This day's deliverable is its code: no files were written.</p>"))
            (dest / page).write_text(_page(f"Day {d.number:02d} — {d.title}", body), encoding="utf-8")
        title = f"<a href=\"{page}\">{html.escape(d.title)}</a>" if page else html.escape(d.title)
        cls = " class=\"done\"" if status == "done" else ""
        rows.append(f"<tr><td>{d.number:02d}</td><td>{d.week}</td><td>{title}</td><td{cls}>{html.escape(status)}</td>"
                    f"<td>{points}/{d.points}</td></tr>")
        if is_project(d):
            image = next((f for f in files if f.suffix.lower() in IMAGES), None) if page else None
            thumb = f"<img src=\"days/{d.id}/{image.relative_to(out / d.id).as_posix()}\" alt=\"{html.escape(d.title)}\">" if image else ""
            cards.append(f"<div class=\"card\">{thumb}<h3>{title}</h3><p class=\"muted\">day {d.number:02d} · "
                         f"{html.escape(status)}</p></div>")
    body = (f"<h1>My ml-katas portfolio</h1><p class=\"muted\">{earned}/{possible} points on the days written so far"
            f"</p><h2>Projects</h2><div class=\"cards\">{''.join(cards)}</div><h2>The 40 days</h2>"
            f"<table><thead><tr><th>day</th><th>week</th><th>title</th><th>status</th><th>points</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")
    index = dest / "index.html"
    index.write_text(_page("ml-katas portfolio", body), encoding="utf-8")
    return index


def main() -> int:
    grading = days.ROOT / "grading"
    if not list(grading.glob("results*.json")):
        from katalib import grade

        print("grading every day once (make grade)...")
        grade.grade()
    index = build()
    print(f"wrote {index.relative_to(days.ROOT)}: open it in a browser, or publish portfolio/ (e.g. a gh-pages branch)")
    return 0
