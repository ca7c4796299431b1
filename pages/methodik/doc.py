"""docs/methods.md split for the Methodik page: one part per language (`<!-- lang: xx -->`), its title, intro and
`##` sections, each a sequence of Markdown text and tables (tables are rendered as accessible HTML tables)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "methods.md"
LANGS = ("de", "en")
_LANG = re.compile(r"^<!--\s*lang:\s*([a-z]{2})\s*-->\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    title: str
    slug: str
    blocks: tuple[str | Table, ...]  # Markdown text or a table


@dataclass(frozen=True)
class LanguagePart:
    lang: str
    title: str
    intro: tuple[str | Table, ...]
    sections: tuple[Section, ...]

    def section(self, slug: str) -> Section:
        return next(s for s in self.sections if s.slug == slug)


def load(path: Path = DOC) -> dict[str, LanguagePart]:
    """The document's language parts (read per call: the file is small and may be edited while the app runs)."""
    return parse(path.read_text(encoding="utf-8"))


def parse(text: str) -> dict[str, LanguagePart]:
    """Split at `<!-- lang: xx -->` markers; the text before the first marker is a preface for the file's readers."""
    marks = list(_LANG.finditer(text))
    parts: dict[str, LanguagePart] = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        parts[m[1]] = _part(m[1], text[m.end() : end])
    return parts


def _part(lang: str, text: str) -> LanguagePart:
    title = ""
    intro: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for line in text.strip("\n").splitlines():
        if line.startswith("# ") and not title:
            title = line[2:].strip()
        elif line.startswith("## "):
            sections.append((line[3:].strip(), []))
        elif sections:
            sections[-1][1].append(line)
        else:
            intro.append(line)
    return LanguagePart(
        lang, title, tuple(_blocks(intro)), tuple(Section(t, slugify(t), tuple(_blocks(body))) for t, body in sections)
    )


def _blocks(lines: list[str]) -> list[str | Table]:
    """Consecutive `|` lines form a table; everything else stays Markdown text."""
    out: list[str | Table] = []
    buf: list[str] = []
    table: list[str] = []

    def flush_text() -> None:
        if "".join(buf).strip():
            out.append("\n".join(buf).strip("\n"))
        buf.clear()

    def flush_table() -> None:
        if table:
            rows = [tuple(c.strip() for c in r.strip().strip("|").split("|")) for r in table]
            body = [r for r in rows[1:] if not all(re.fullmatch(r":?-{3,}:?", c) for c in r)]
            out.append(Table(rows[0], tuple(body)))
        table.clear()

    for line in lines:
        if line.lstrip().startswith("|"):
            flush_text()
            table.append(line)
        else:
            flush_table()
            buf.append(line)
    flush_table()
    flush_text()
    return out


def slugify(title: str) -> str:
    s = title.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        s = s.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")
