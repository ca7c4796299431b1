"""The glossary: its terms, one file per language in data/glossar/, and the link from a term's first use on a page to
its entry on `/glossar` (`Links`).

A file is named by its language (`de.toml`, `en.toml`) or by a language and a variant (`de-leicht.toml`: Leichte
Sprache, German); each holds every term under the same keys, so a further language is a further file
(`tests/dashboard/test_glossary_data.py` checks that no file lacks a term or has one the others lack).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dash import html

from dashboard.i18n import current_lang

GLOSSARY_DIR = Path(__file__).resolve().parents[1] / "data" / "glossar"
DEFAULT = "de"
PATH = "/glossar"


@dataclass(frozen=True)
class Term:
    id: str  # the entry's anchor on /glossar
    term: str  # its heading
    text: str  # Markdown; other entries as [word](#id)
    forms: tuple[str, ...]  # how the term is written in running text (the words `Links` turns into a link)

    @property
    def summary(self) -> str:
        """The first sentence of the explanation as plain text (a link's `title`)."""
        first = self.text.strip().split("\n\n", 1)[0]
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", first).replace("**", "").replace("\n", " ")
        sentence = re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])", plain, maxsplit=1)[0].strip()
        return sentence if len(sentence) <= 240 else sentence[:239].rstrip() + "…"

    def pattern(self) -> re.Pattern[str] | None:
        """The forms as whole words, longest first; an acronym (`DTV`, `ITS`) only in capitals (English „its“)."""
        if not self.forms:
            return None
        parts = []
        for form in sorted(self.forms, key=len, reverse=True):
            acronym = form.upper() == form and sum(c.isalpha() for c in form) >= 2
            parts.append(re.escape(form) if acronym else f"(?i:{re.escape(form)})")
        return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


@dataclass(frozen=True)
class Glossary:
    key: str  # the file's name: `de`, `en`, `de-leicht`
    lang: str  # the content's language (`lang` attribute): Leichte Sprache is `de`
    label: str  # the language switch's name for it, in its own language
    title: str
    intro: str
    terms: dict[str, Term]

    @property
    def variant(self) -> str | None:
        return self.key.split("-", 1)[1] if "-" in self.key else None

    def href(self) -> str:
        """The glossary in this language: `/glossar?lang=de&sprache=leicht`."""
        return f"{PATH}?lang={self.lang}" + (f"&sprache={self.variant}" if self.variant else "")

    def alphabetical(self) -> list[Term]:
        return sorted(self.terms.values(), key=lambda t: sort_key(t.term))


def sort_key(text: str) -> str:
    """German alphabetical order (DIN 5007-1: ä as a, ß as ss), ignoring case."""
    return text.casefold().translate(str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}))


def load(folder: Path = GLOSSARY_DIR) -> dict[str, Glossary]:
    """Every language's glossary, by file name; read again when a file changes (they may be edited while the app runs)."""
    files = tuple(sorted((f.stem, f.stat().st_mtime_ns) for f in folder.glob("*.toml")))
    return _read(folder, files)


@cache
def _read(folder: Path, files: tuple[tuple[str, int], ...]) -> dict[str, Glossary]:
    out = {}
    for key, _mtime in files:
        data = tomllib.loads((folder / f"{key}.toml").read_text(encoding="utf-8"))
        terms = {
            tid: Term(id=tid, term=t["term"], text=t["text"].strip(), forms=tuple(t.get("forms", ())))
            for tid, t in data.get("terms", {}).items()
        }
        out[key] = Glossary(
            key=key,
            lang=data.get("lang", key.split("-")[0]),
            label=data.get("label", key),
            title=data.get("title", ""),
            intro=data.get("intro", "").strip(),
            terms=terms,
        )
    return out


def for_reader(lang: str | None = None, variant: str | None = None) -> Glossary:
    """The glossary for a language (default: the reader's) and an optional variant (`leicht`), else the German one."""
    glossaries = load()
    lang = lang or current_lang()
    for key in ([f"{lang}-{variant}"] if variant else []) + [lang, DEFAULT]:
        if key in glossaries:
            return glossaries[key]
    raise FileNotFoundError(f"no glossary {DEFAULT}.toml in {GLOSSARY_DIR}")


def _in_embed() -> bool:
    """Is this request for an embed (`/embed/…`)? Its frame sits on the city's website: no links out of it."""
    from flask import has_request_context

    if not has_request_context():
        return False
    from dashboard.factory import _page_path

    return _page_path().startswith("/embed/")


class Links:
    """The first use of each term on one page, linked to its glossary entry: one `Links()` per layout call.

    `links(text, "dtv", "basiswert")` returns `text` as children with the first occurrence of each named term (one of
    its forms in the reader's language, a whole word) as a link to `/glossar#dtv`, unless the page linked that term
    already; `links.markdown(md, …)` does the same inside Markdown. In an embed it links nothing."""

    def __init__(self) -> None:
        self.glossary = for_reader()
        self.done: set[str] = set()
        self.off = _in_embed()
        lang = current_lang()
        self.query = "" if lang == DEFAULT else f"?lang={lang}"

    def href(self, term_id: str) -> str:
        return f"{PATH}{self.query}#{term_id}"

    def _matches(self, text: str, ids: tuple[str, ...]) -> list[tuple[int, int, Term]]:
        """The first occurrence in `text` of each term of `ids` not linked yet, without overlaps, in text order."""
        found = []
        for tid in ids:
            term = self.glossary.terms.get(tid)
            if term is None:
                raise KeyError(f"no glossary term {tid!r} in {self.glossary.key}.toml")
            pattern = term.pattern()
            if tid in self.done or pattern is None:
                continue
            m = pattern.search(text)
            if m:
                found.append((m.start(), m.end(), term))
        out: list[tuple[int, int, Term]] = []
        for start, end, term in sorted(found, key=lambda f: f[0]):
            if not out or start >= out[-1][1]:
                out.append((start, end, term))
        return out

    def __call__(self, text: str, *ids: str) -> list:
        if self.off:
            return [text]
        out: list = []
        pos = 0
        for start, end, term in self._matches(text, ids):
            self.done.add(term.id)
            out += [text[pos:start]] if start > pos else []
            out.append(html.A(text[start:end], href=self.href(term.id), title=term.summary, className="glossar-link"))
            pos = end
        return out + ([text[pos:]] if pos < len(text) else [])

    _PROTECTED = re.compile(r"(`[^`\n]*`|\[[^\]\n]*\]\([^)\n]*\)|^#.*$|^\|.*$|<[^>\n]*>)", re.MULTILINE)

    def markdown(self, md: str, *ids: str) -> str:
        """Markdown with the first use of each term of `ids` as a Markdown link; code, links, headings and tables stay."""
        if self.off:
            return md
        pieces = self._PROTECTED.split(md)
        for i in range(0, len(pieces), 2):  # the even pieces lie outside what the pattern protects
            text, out, pos = pieces[i], [], 0
            for start, end, term in self._matches(text, ids):
                self.done.add(term.id)
                title = term.summary.replace('"', "'")
                out += [text[pos:start], f'[{text[start:end]}]({self.href(term.id)} "{title}")']
                pos = end
            pieces[i] = "".join(out) + text[pos:]
        return "".join(pieces)
