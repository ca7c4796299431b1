"""Council presentations: decks from `data/praesentationen.toml`, checked with German errors, and each slide's data.

A deck file holds `[[deck]]` tables (`id`, `title`, `date`) with `[[deck.slide]]` entries: `headline` (one message),
`note` (short), optional `points` (bullet list of a text slide) and `chart`, one of

- `{type = "indicator", id = …, station = …?, measure = …?, since = …?}`: an indicator's series (per station where
  the indicator has stations); `measure` marks that measure's start (default: the indicator's own measure);
- `{type = "station", station_id = …, metric = …?, agg = "tag" | "woche" | "monat" | "jahr" …, measure = …?, since = …?}`;
- `{type = "before_after", indicator = …, station = …?, metric = …?, date = …?, measure = …?, method = …,
  controls = […]?}`: the comparison of `indicators.before_after` around `date` (default: the measure's start);
- `{type = "text"}` or no chart: headline, note and points only.

English (shown with `?lang=en`): `title_en` of a deck, `headline_en`, `note_en`, `points_en` (as many as `points`)
of a slide, each optional and checked like its German one; missing, the German text is shown.

Parsing is pure (`parse_decks`); references to indicators, stations and measures are checked when a slide's data is
computed (`slide_data`), with the same kind of message: the file, the deck and the slide number.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from indicators import before_after, registry, stations, views
from indicators.registry import Indicator, sql
from indicators.status import IndicatorStatus, indicator_status
from indicators.store import Snapshot
from indicators.texts import localized

ROOT = Path(__file__).resolve().parent.parent
DECKS_FILE = ROOT / "data" / "praesentationen.toml"
CHART_TYPES = ("indicator", "station", "before_after", "text")
MAX_HEADLINE = 90  # characters: two lines at 48 px on a 1 280 px slide
MAX_NOTE = 180
MAX_NOTE_TEXT_SLIDE = 400
MAX_POINTS = 5
MAX_POINT = 140
DAILY_AGGS = ("tag", "woche", "monat", "jahr")  # levels a slide may use (finer ones are unreadable on a projector)


class DeckError(ValueError):
    """A deck file, a deck or a slide is invalid; the German message names the file, the deck and the slide."""


# --- the deck file ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorChart:
    indicator_id: str
    station: str | None = None
    measure: str | None = None
    since: date | None = None
    period: str = "monat"  # "jahr": yearly means of a monthly indicator (complete years only)


@dataclass(frozen=True)
class StationChart:
    station_id: str
    metric: str | None = None
    agg: str = "monat"
    measure: str | None = None
    since: date | None = None


@dataclass(frozen=True)
class BeforeAfterChart:
    method: str
    indicator_id: str | None = None
    station: str | None = None
    metric: str | None = None
    at: date | None = None
    measure: str | None = None
    controls: tuple[str, ...] = ()


Chart = IndicatorChart | StationChart | BeforeAfterChart


@dataclass(frozen=True)
class Slide:
    number: int  # 1-based
    headline: str
    note: str = ""
    points: tuple[str, ...] = ()
    chart: Chart | None = None  # None: a text slide
    # English (`headline_en`, `note_en`, `points_en` in the file), shown with ?lang=en; empty: the German text
    headline_en: str = ""
    note_en: str = ""
    points_en: tuple[str, ...] = ()

    def text(self, name: str, lang: str) -> str:
        """`headline` or `note` in `lang` (German where the file gives no English)."""
        return localized(self, name, lang)

    def points_in(self, lang: str) -> tuple[str, ...]:
        return self.points_en if lang == "en" and self.points_en else self.points


@dataclass(frozen=True)
class Deck:
    deck_id: str
    title: str
    date: date
    slides: tuple[Slide, ...]
    source: str = ""  # the file, for messages
    title_en: str = ""  # the English title (`title_en`), shown with ?lang=en; empty: the German one

    def text(self, name: str, lang: str) -> str:
        return localized(self, name, lang)

    def where(self, slide: Slide | int | None = None) -> str:
        n = slide.number if isinstance(slide, Slide) else slide
        return f"{self.source}: Präsentation „{self.deck_id}“" + (f", Folie {n}" if n else "")


_SLIDE_KEYS = {"headline", "note", "points", "chart", "headline_en", "note_en", "points_en"}
_CHART_KEYS = {
    "indicator": {"type", "id", "station", "measure", "since", "period"},
    "station": {"type", "station_id", "metric", "agg", "measure", "since"},
    "before_after": {"type", "indicator", "station", "metric", "date", "measure", "method", "controls"},
    "text": {"type"},
}


def load_decks(path: Path | str = DECKS_FILE) -> dict[str, Deck]:
    """All decks of the file, in file order (read on every call: an edited file shows without a restart)."""
    path = Path(path)
    name = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DeckError(f"{name}: Datei fehlt (dort stehen die Präsentationen, siehe indicators/presentation.py)") from None
    except UnicodeDecodeError:
        raise DeckError(f"{name}: Datei ist nicht in UTF-8 gespeichert") from None
    return parse_decks(text, source=name)


def get_deck(deck_id: str | None, path: Path | str = DECKS_FILE) -> Deck:
    """The deck `deck_id`, or the file's first deck when none is named."""
    decks = load_decks(path)
    if not decks:
        raise DeckError(f"{_display(Path(path))}: enthält keine Präsentation ([[deck]])")
    if not deck_id:
        return next(iter(decks.values()))
    if deck_id not in decks:
        raise DeckError(f"Präsentation „{deck_id}“ gibt es nicht (vorhanden: {', '.join(decks)})")
    return decks[deck_id]


def parse_decks(text: str, *, source: str = "praesentationen.toml") -> dict[str, Deck]:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise DeckError(f"{source}: kein gültiges TOML ({e})") from None
    unknown = set(doc) - {"deck"}
    if unknown:
        raise DeckError(f"{source}: unbekannter Eintrag {_names(unknown)} (erwartet: [[deck]])")
    raw = doc.get("deck", [])
    if not isinstance(raw, list):
        raise DeckError(f"{source}: „deck“ muss eine Liste von Tabellen sein ([[deck]])")
    decks: dict[str, Deck] = {}
    for i, d in enumerate(raw, start=1):
        deck = _parse_deck(d, i, source)
        if deck.deck_id in decks:
            raise DeckError(f"{source}: Präsentation „{deck.deck_id}“ ist doppelt vorhanden")
        decks[deck.deck_id] = deck
    return decks


def _parse_deck(d: dict[str, Any], i: int, source: str) -> Deck:
    deck_id = d.get("id")
    if not isinstance(deck_id, str) or not deck_id.strip():
        raise DeckError(f"{source}: Präsentation Nr. {i}: „id“ fehlt")
    if not all(c.isascii() and (c.isalnum() or c in "-_") for c in deck_id):
        raise DeckError(f"{source}: Präsentation „{deck_id}“: „id“ darf nur Buchstaben a–z, Ziffern, - und _ enthalten")
    where = f"{source}: Präsentation „{deck_id}“"
    unknown = set(d) - {"id", "title", "title_en", "date", "slide"}
    if unknown:
        raise DeckError(f"{where}: unbekannter Eintrag {_names(unknown)} (möglich: id, title, title_en, date, slide)")
    title = d.get("title")
    if not isinstance(title, str) or not title.strip():
        raise DeckError(f"{where}: „title“ fehlt")
    when = _date(d.get("date"), f"{where}: „date“")
    if when is None:
        raise DeckError(f"{where}: „date“ fehlt (Datum der Sitzung, z. B. date = 2026-12-10)")
    raw_slides = d.get("slide", [])
    if not isinstance(raw_slides, list) or not raw_slides:
        raise DeckError(f"{where}: enthält keine Folie ([[deck.slide]])")
    slides = tuple(_parse_slide(s, n, f"{where}, Folie {n}") for n, s in enumerate(raw_slides, start=1))
    title_en = d.get("title_en", "")
    if not isinstance(title_en, str):
        raise DeckError(f"{where}: „title_en“ muss Text sein")
    return Deck(deck_id, title.strip(), when, slides, source, " ".join(title_en.split()))


def _parse_slide(s: Any, n: int, where: str) -> Slide:
    if not isinstance(s, dict):
        raise DeckError(f"{where}: muss eine Tabelle sein ([[deck.slide]])")
    unknown = set(s) - _SLIDE_KEYS
    if unknown:
        raise DeckError(f"{where}: unbekannter Eintrag {_names(unknown)} (möglich: {', '.join(sorted(_SLIDE_KEYS))})")
    headline = _headline(s.get("headline"), "headline", where, required=True)
    headline_en = _headline(s.get("headline_en", ""), "headline_en", where, required=False)
    chart = _parse_chart(s.get("chart"), where)
    note = _note(s.get("note", ""), "note", where, chart)
    note_en = _note(s.get("note_en", ""), "note_en", where, chart)
    points = _points(s.get("points", []), "points", where, chart)
    points_en = _points(s.get("points_en", []), "points_en", where, chart)
    if points_en and len(points_en) != len(points):
        raise DeckError(f"{where}: „points_en“ braucht so viele Punkte wie „points“ ({len(points)})")
    return Slide(n, headline, note, points, chart, headline_en, note_en, points_en)


def _headline(headline: Any, key: str, where: str, *, required: bool) -> str:
    if headline == "" and not required:
        return ""
    if not isinstance(headline, str) or not headline.strip():
        raise DeckError(f"{where}: „{key}“ fehlt (eine Botschaft je Folie)")
    text = " ".join(headline.split())
    if len(text) > MAX_HEADLINE:
        raise DeckError(f"{where}: „{key}“ ist zu lang ({len(text)} Zeichen, höchstens {MAX_HEADLINE}): eine Botschaft je Folie")
    return text


def _note(note: Any, key: str, where: str, chart: Chart | None) -> str:
    if not isinstance(note, str):
        raise DeckError(f"{where}: „{key}“ muss Text sein")
    text = " ".join(note.split())
    limit = MAX_NOTE if chart is not None else MAX_NOTE_TEXT_SLIDE
    if len(text) > limit:
        raise DeckError(f"{where}: „{key}“ ist zu lang ({len(text)} Zeichen, höchstens {limit})")
    return text


def _points(points: Any, key: str, where: str, chart: Chart | None) -> tuple[str, ...]:
    if not isinstance(points, list) or not all(isinstance(p, str) and p.strip() for p in points):
        raise DeckError(f"{where}: „{key}“ muss eine Liste von Texten sein")
    if points and chart is not None:
        raise DeckError(f"{where}: „{key}“ gibt es nur auf Textfolien (ohne Diagramm)")
    if len(points) > MAX_POINTS:
        raise DeckError(f"{where}: zu viele Punkte ({len(points)}, höchstens {MAX_POINTS})")
    for p in points:
        if len(p) > MAX_POINT:
            raise DeckError(f"{where}: Punkt „{p[:40]}…“ ist zu lang ({len(p)} Zeichen, höchstens {MAX_POINT})")
    return tuple(" ".join(p.split()) for p in points)


def _parse_chart(c: Any, where: str) -> Chart | None:
    if c is None:
        return None
    if not isinstance(c, dict):
        raise DeckError(f'{where}: „chart“ muss eine Tabelle sein, z. B. chart = {{ type = "indicator", id = "rad_dtv" }}')
    kind = c.get("type")
    if kind not in CHART_TYPES:
        raise DeckError(f"{where}: unbekannter Diagrammtyp {kind!r} (möglich: {', '.join(CHART_TYPES)})")
    unknown = set(c) - _CHART_KEYS[kind]
    if unknown:
        raise DeckError(
            f"{where}: Diagramm „{kind}“ kennt {_names(unknown)} nicht "
            f"(möglich: {', '.join(sorted(_CHART_KEYS[kind] - {'type'}))})"
        )
    w = f"{where}: Diagramm „{kind}“"
    if kind == "text":
        return None
    if kind == "indicator":
        period = _text(c, "period", w) or "monat"
        if period not in ("monat", "jahr"):
            raise DeckError(f"{w}: „period“ {period!r} unbekannt (möglich: monat, jahr)")
        return IndicatorChart(
            _required_text(c, "id", w),
            _text(c, "station", w),
            _text(c, "measure", w),
            _date(c.get("since"), f"{w}: „since“"),
            period,
        )
    if kind == "station":
        agg = _text(c, "agg", w) or "monat"
        if agg not in DAILY_AGGS:
            raise DeckError(f"{w}: „agg“ {agg!r} unbekannt (möglich: {', '.join(DAILY_AGGS)})")
        return StationChart(
            _required_text(c, "station_id", w),
            _text(c, "metric", w),
            agg,
            _text(c, "measure", w),
            _date(c.get("since"), f"{w}: „since“"),
        )
    method = _text(c, "method", w, required=True)
    if method not in before_after.METHODS:
        raise DeckError(f"{w}: Methode {method!r} unbekannt (möglich: {', '.join(before_after.METHODS)})")
    controls = c.get("controls", [])
    if not isinstance(controls, list) or not all(isinstance(x, str) for x in controls):
        raise DeckError(f"{w}: „controls“ muss eine Liste von Stations-IDs sein")
    ind, station, metric = _text(c, "indicator", w), _text(c, "station", w), _text(c, "metric", w)
    if not ind and not (station and metric):
        raise DeckError(f"{w}: „indicator“ fehlt (oder „station“ mit „metric“)")
    at, measure = _date(c.get("date"), f"{w}: „date“"), _text(c, "measure", w)
    if at is None and measure is None:
        raise DeckError(f"{w}: „date“ fehlt (Stichtag, z. B. date = 2023-09-01) oder „measure“ (dann ihr Start)")
    if method == "did" and not controls:
        raise DeckError(f"{w}: Methode „did“ braucht „controls“ (Kontrollstationen)")
    return BeforeAfterChart(method, ind, station, metric, at, measure, tuple(controls))


def _required_text(c: dict[str, Any], key: str, where: str) -> str:
    """`_text` of a key that must be there: a DeckError names it when missing."""
    v = _text(c, key, where, required=True)
    assert v is not None  # _text raised otherwise
    return v


def _text(c: dict[str, Any], key: str, where: str, *, required: bool = False) -> str | None:
    v = c.get(key)
    if v is None:
        if required:
            raise DeckError(f"{where}: „{key}“ fehlt")
        return None
    if not isinstance(v, str) or not v.strip():
        raise DeckError(f"{where}: „{key}“ muss ein nicht leerer Text sein")
    return v.strip()


def _date(v: Any, where: str) -> date | None:
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        try:
            return date.fromisoformat(v.strip())
        except ValueError:
            pass
    raise DeckError(f"{where}: {v!r} ist kein Datum (JJJJ-MM-TT, z. B. 2026-12-10)")


def _names(keys: set[str]) -> str:
    return ", ".join(f"„{k}“" for k in sorted(keys))


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# --- the data behind a slide ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    """A date marked on a chart: a measure's start."""

    day: date
    label: str  # "Start Mobilitätsportal"


@dataclass(frozen=True)
class SeriesData:
    """An indicator's or a station's series as a slide shows it."""

    title: str
    unit: str
    per: str  # "je Monat", "Jahresmittel", "" (the unit says it)
    series: pl.DataFrame  # period_start (date), value (float)
    source: str
    stand: date | None
    demo: bool
    example: bool
    action_fields: tuple[str, ...]
    marker: Marker | None = None
    baseline: tuple[date, float] | None = None
    target: tuple[date, float] | None = None
    period: str = "monat"  # "jahr": one value per calendar year (drawn as bars)
    status: IndicatorStatus | None = None  # the city series' progress (None: a station's series)


@dataclass(frozen=True)
class BeforeAfterData:
    title: str
    unit: str
    monthly: pl.DataFrame  # period_start (date), value (float: monthly mean of the daily values), period ("vorher"|"nachher")
    result: before_after.Result
    method: str  # code of `before_after.METHODS` (the page words it)
    source: str
    stand: date | None
    demo: bool
    action_fields: tuple[str, ...]
    marker: Marker


@dataclass(frozen=True)
class TextData:
    stand: date  # the meeting's date (the deck's `date`)
    demo: bool
    data_date: date | None = None  # the Datenstand: the latest day the snapshot holds data for (`views.data_date`)


SlideData = SeriesData | BeforeAfterData | TextData


@dataclass(frozen=True)
class MeasureInfo:
    title: str
    start: date | None
    action_fields: tuple[str, ...]


def measure_info(snap: Snapshot, measure_id: str) -> MeasureInfo | None:
    rows = snap.rows(sql("presentation_measure"), {"measure": measure_id})
    if not rows:
        return None
    title, start, fields = rows[0]
    return MeasureInfo(title, start, tuple(fields or ()))


def slide_data(snap: Snapshot, deck: Deck, slide: Slide, *, lang: str = "de") -> SlideData:
    """What the slide shows; a DeckError names deck and slide when a reference is unknown or the data cannot carry it.
    `lang`: the language of the indicator's name in the chart's title (the catalogue's English, else German)."""
    c = slide.chart
    try:
        if c is None:
            return TextData(deck.date, views.has_demo_data(snap), views.data_date(snap))
        if isinstance(c, IndicatorChart):
            return _indicator_data(snap, c, lang)
        if isinstance(c, StationChart):
            return _station_data(snap, c)
        return _before_after_data(snap, c, lang)
    except DeckError as e:
        raise DeckError(f"{deck.where(slide)}: {e}") from None
    except before_after.BeforeAfterError as e:
        raise DeckError(f"{deck.where(slide)}: Vorher-nachher-Vergleich nicht möglich: {e}") from None


def _indicator(snap: Snapshot, indicator_id: str) -> Indicator:
    try:
        return registry.get(snap, indicator_id)
    except KeyError:
        known = ", ".join(i.indicator_id for i in registry.all_indicators(snap) if i.computed)
        raise DeckError(f"Indikator „{indicator_id}“ gibt es nicht (berechnete Indikatoren: {known})") from None


def _station(snap: Snapshot, station_id: str) -> stations.StationInfo:
    info = stations.station(snap, station_id)
    if info is None:
        raise DeckError(f"Station „{station_id}“ gibt es nicht")
    return info


def _marker(snap: Snapshot, measure_id: str | None, *, required: bool) -> tuple[Marker | None, tuple[str, ...]]:
    if measure_id is None:
        return None, ()
    m = measure_info(snap, measure_id)
    if m is None:
        if required:
            raise DeckError(f"Maßnahme „{measure_id}“ gibt es nicht")
        return None, ()
    marker = Marker(m.start, f"Start {m.title}") if m.start else None
    if marker is None and required:
        raise DeckError(f"Maßnahme „{measure_id}“ hat kein Startdatum")
    return marker, m.action_fields


def _indicator_data(snap: Snapshot, c: IndicatorChart, lang: str = "de") -> SeriesData:
    ind = _indicator(snap, c.indicator_id)
    title = ind.text("name", lang)
    demo = views.has_demo_data(snap) and ind.computed
    if c.station:
        if not (ind.computation and ind.computation.per_station):
            raise DeckError(f"Indikator „{ind.indicator_id}“ gibt es nicht je Station („station“ weglassen)")
        info = _station(snap, c.station)
        if info.kind.kind != ind.computation.per_station:
            raise DeckError(f"Station „{c.station}“ ist keine {stations.KINDS[ind.computation.per_station].singular}")
        title = f"{ind.text('name', lang)} – {info.name}"
        demo = demo or info.is_demo
    s = registry.series(snap, ind, station=c.station).drop_nulls(["value"]).sort("period_start")
    s = s.select("period_start", pl.col("value").cast(pl.Float64))
    if c.since:
        s = s.filter(pl.col("period_start") >= c.since)
    period, per = ("jahr", "") if ind.update_interval == "P1Y" else ("monat", "")
    if c.period == "jahr" and period != "jahr":
        if ind.update_interval != "P1M":
            raise DeckError(f'Indikator „{ind.indicator_id}“ ist nicht monatlich: „period = "jahr"“ weglassen')
        s = yearly_means(s)
        period, per = "jahr", "Jahresmittel"
    if s.is_empty():
        raise DeckError(f"Indikator „{ind.indicator_id}“ hat {'seit ' + c.since.isoformat() if c.since else ''} keine Werte")
    marker, fields = _marker(snap, c.measure, required=True)
    own_marker, own_fields = _marker(snap, ind.measure_id, required=False)
    if c.measure is None:
        marker = own_marker
    first, last = s["period_start"][0], s["period_start"][-1]
    if marker and c.measure is None and not (first < marker.day <= last):
        marker = None  # the indicator's own measure, started before the series or on its first day: nothing to mark
    # the baseline progress compares (the series' own value for the baseline period, not a catalogue value the series
    # contradicts), and the status with it: the slide says what the badge says
    status = None if c.station else indicator_status(snap, ind, today=date.today())
    cb = status.compared_baseline if status is not None else None
    baseline = (cb.start, cb.value) if cb is not None else None
    if baseline and not (first <= baseline[0] <= last):
        baseline = None
    target = (ind.target_date, float(ind.target_value)) if ind.target_value is not None and ind.target_date else None
    if c.station:  # baseline and target are the city's, not one station's
        baseline = target = None
    stand = date(last.year, 12, 31) if c.period == "jahr" else last  # yearly means of complete years
    return SeriesData(
        title,
        ind.unit,
        per,
        s,
        ind.text("source", lang),
        stand,
        demo,
        ind.is_example and (baseline or target) is not None,
        fields or own_fields,
        marker,
        baseline,
        target,
        period,
        status,
    )


def yearly_means(monthly: pl.DataFrame) -> pl.DataFrame:
    """Means of the monthly values per calendar year, complete years (12 months) only."""
    return (
        monthly.group_by(pl.col("period_start").dt.truncate("1y"))
        .agg(pl.col("value").mean(), pl.len().alias("months"))
        .filter(pl.col("months") == 12)
        .drop("months")
        .sort("period_start")
    )


def _station_data(snap: Snapshot, c: StationChart) -> SeriesData:
    info = _station(snap, c.station_id)
    if info.metric is None:
        raise DeckError(f"Station „{c.station_id}“ hat keine Messwerte")
    if c.metric and c.metric != info.metric:
        rows = snap.rows(sql("station_range"), {"station": info.station_id, "metric": c.metric})
        first, last, n, gap = rows[0]
        if not n:
            raise DeckError(f"Station „{c.station_id}“ hat keine Werte der Messgröße „{c.metric}“")
        info = replace(
            info, metric=c.metric, first_ts=first, last_ts=last, n=int(n), gap=timedelta(seconds=float(gap)) if gap else None
        )
    if c.agg not in stations.available_aggregations(info):
        raise DeckError(f"Station „{c.station_id}“ hat keine Werte {stations.AGGREGATIONS[c.agg].per}")
    s = stations.station_series(snap, info, c.agg, components=False)
    s = s.filter(pl.col("series") == "Gesamt").select(pl.col("period_start").dt.date(), "value").drop_nulls("value")
    if c.since:
        s = s.filter(pl.col("period_start") >= c.since)
    if s.is_empty():
        raise DeckError(f"Station „{c.station_id}“ hat im gewählten Zeitraum keine Werte")
    marker, fields = _marker(snap, c.measure, required=True)
    agg = stations.AGGREGATIONS[c.agg]
    last = s["period_start"][-1]
    stand = date(last.year, 12, 31) if c.agg == "jahr" else last
    return SeriesData(
        f"{stations.metric_label(info.metric)} – {info.title}",
        info.unit,
        agg.per,
        s,
        info.kind.source,
        stand,
        info.is_demo,
        False,
        fields,
        marker,
        period=c.agg,
    )


def _before_after_data(snap: Snapshot, c: BeforeAfterChart, lang: str = "de") -> BeforeAfterData:
    ind = _indicator(snap, c.indicator_id) if c.indicator_id else None
    info = _station(snap, c.station) if c.station else None
    for ctrl in c.controls:
        _station(snap, ctrl)
    marker, fields = _marker(snap, c.measure, required=c.at is None)
    at = c.at or (marker.day if marker else None)
    assert at is not None  # the parser requires date or measure
    if marker is None or marker.day != at:
        marker = Marker(at, "Stichtag" if marker is None else marker.label)
    if ind is not None:
        if info is not None and not (ind.computation and ind.computation.per_station):
            raise DeckError(f"Indikator „{ind.indicator_id}“ gibt es nicht je Station („station“ weglassen)")
        result = before_after.compare(
            snap, at=at, method=c.method, indicator=ind, station=c.station, controls=list(c.controls) or None
        )
        daily = before_after.indicator_daily(snap, ind, c.station)
        title, unit, source = ind.text("name", lang), ind.unit, ind.text("source", lang)
        if not fields:
            fields = m.action_fields if (m := measure_info(snap, ind.measure_id)) else ()
    else:
        assert info is not None and c.metric is not None
        result = before_after.compare(
            snap, at=at, method=c.method, metric=c.metric, station=c.station, controls=list(c.controls) or None
        )
        daily = before_after.daily_series(snap, station=info.station_id, metric=c.metric)
        title, unit, source = stations.metric_label(c.metric), stations.metric_unit(c.metric, info.kind), info.kind.source
    if info is not None:
        title = f"{title} – {info.name}"
    lo, hi = date.fromisoformat(result.window_before[0]), date.fromisoformat(result.window_after[1])
    monthly = (
        daily.filter((pl.col("day") >= lo) & (pl.col("day") <= hi))
        .with_columns(pl.when(pl.col("day") < at).then(pl.lit("vorher")).otherwise(pl.lit("nachher")).alias("period"))
        .group_by(pl.col("day").dt.truncate("1mo").alias("period_start"), "period")
        .agg(pl.col("value").cast(pl.Float64).mean())
        .sort("period_start", "period", descending=[False, True])
        .select("period_start", "value", "period")
    )
    demo = views.has_demo_data(snap) and ((ind is not None and ind.computed) or (info is not None and info.is_demo))
    return BeforeAfterData(title, unit, monthly, result, c.method, source, hi, demo, fields, marker)


def deck_data(snap: Snapshot, deck: Deck, *, lang: str = "de") -> list[SlideData | DeckError]:
    """Every slide's data, or the DeckError that says why a slide cannot be shown."""
    out: list[SlideData | DeckError] = []
    for s in deck.slides:
        try:
            out.append(slide_data(snap, deck, s, lang=lang))
        except DeckError as e:
            out.append(e)
    return out
