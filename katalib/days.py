"""The 40 days: number, week, folder, title, points and status, read from katas/days.toml."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KATAS = ROOT / "katas"
SOLUTIONS = ROOT / "solutions"
METADATA = KATAS / "days.toml"

DAY_DIR = re.compile(r"^day(\d\d)_")


@dataclass(frozen=True)
class Day:
    number: int
    week: int
    slug: str
    title: str
    status: str  # "ready" or "coming"
    points: int
    week_dir: str

    @property
    def id(self) -> str:
        return f"day{self.number:02d}"

    @property
    def week_id(self) -> str:
        return f"week{self.week}"

    @property
    def rel(self) -> Path:
        """Folder of the day relative to katas/ (and solutions/)."""
        return Path(self.week_dir) / f"{self.id}_{self.slug}"

    @property
    def ready(self) -> bool:
        return self.status == "ready"

    @property
    def kata_dir(self) -> Path:
        return KATAS / self.rel

    @property
    def solution_dir(self) -> Path:
        return SOLUTIONS / self.rel


@cache
def all_days() -> tuple[Day, ...]:
    meta = tomllib.loads(METADATA.read_text(encoding="utf-8"))
    weeks = {int(k): v for k, v in meta["weeks"].items()}
    days = tuple(
        Day(
            number=d["day"],
            week=d["week"],
            slug=d["slug"],
            title=d["title"],
            status=d.get("status", "coming"),
            points=d.get("points", meta.get("default_points", 10)),
            week_dir=weeks[d["week"]],
        )
        for d in meta["day"]
    )
    numbers = [d.number for d in days]
    if numbers != list(range(1, len(days) + 1)):
        raise ValueError(f"{METADATA}: days must be numbered 1..N in order, got {numbers}")
    return days


def ready_days() -> list[Day]:
    return [d for d in all_days() if d.ready]


def get(day: str | int) -> Day:
    """A day by number (4), id ('day04') or bare digits ('04')."""
    text = str(day).lower().removeprefix("day")
    if not text.isdigit():
        raise KeyError(f"not a day: {day!r} (expected e.g. day04 or 4)")
    number = int(text)
    for d in all_days():
        if d.number == number:
            return d
    raise KeyError(f"no day {number}: the curriculum has days 1..{len(all_days())}")


def select(selector: str) -> list[Day]:
    """Days named by 'day04', '4', 'week1' or 'all'."""
    s = selector.lower()
    if s == "all":
        return list(all_days())
    if s.startswith("week") and s[4:].isdigit():
        found = [d for d in all_days() if d.week == int(s[4:])]
        if not found:
            raise KeyError(f"no {selector}: weeks run 1..{max(d.week for d in all_days())}")
        return found
    return [get(s)]


def day_of_path(path: Path | str) -> Day | None:
    """The day a file belongs to, from its dayNN_ folder, or None."""
    for part in reversed(Path(path).parts):
        m = DAY_DIR.match(part)
        if m:
            return get(int(m.group(1)))
    return None
