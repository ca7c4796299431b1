"""The German words of an alert: one line per finding, and the subject and body of a start or end notification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from indicators.checks import Finding

BERLIN = ZoneInfo("Europe/Berlin")

RULE_TITLES = {
    "station_silent": "Station sendet nicht",
    "indicator_stale": "Indikator veraltet",
    "cleanup_48h": "48-Stunden-Regel verfehlt",
    "pm10_exceedance": "PM10-Grenzwert zu oft überschritten",
    "load_failed": "Ladung abgewiesen",
    "sync_failed": "Abruf fehlgeschlagen",
}
RULE_TITLES_EN = {
    "station_silent": "station silent",
    "indicator_stale": "indicator out of date",
    "cleanup_48h": "48-hour rule missed",
    "pm10_exceedance": "PM10 limit exceeded too often",
    "load_failed": "load rejected",
    "sync_failed": "sync failed",
}


def local_time(ts: datetime) -> str:
    """A naive UTC timestamp as a German reader reads it: `07.12.2025, 19:00 Uhr` (Europe/Berlin)."""
    return ts.replace(tzinfo=UTC).astimezone(BERLIN).strftime("%d.%m.%Y, %H:%M Uhr")


def day(d: date | datetime | None) -> str:
    return "–" if d is None else d.strftime("%d.%m.%Y")


def number(x: float, decimals: int = 0) -> str:
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def describe(f: Finding) -> str:
    """One German sentence saying what the rule found."""
    x: dict[str, Any] = f.facts
    if f.rule == "station_silent":
        return (
            f"Station „{f.name}“ ({f.subject}, {x['kind']}) sendet seit {number(x['hours'])} Stunden keine Messwerte"
            f" (letzter Messwert {local_time(x['last_hour'])}; Grenze {number(x['limit'])} Stunden)."
        )
    if f.rule == "indicator_stale":
        return (
            f"Indikator „{f.name}“ ({f.subject}): Daten veraltet seit {day(x['stale_since'])}"
            f" (letzter Wert {day(x['latest_period'])}, Aktualisierung {x['update_interval']})."
        )
    if f.rule == "cleanup_48h":
        return (
            f"48h-Dreck-weg+: {number(x['missed'])} von {number(x['n'])} Meldungen ({number(x['share'], 1)} %) vom"
            f" {day(x['start'])} bis {day(x['end'])} nicht innerhalb von 48 Stunden erledigt"
            f" (erlaubt: {number(x['limit'], 1)} %)."
        )
    if f.rule == "pm10_exceedance":
        return (
            f"PM10 an „{f.name}“ ({f.subject}): {number(x['days'])} Tage {x['year']} mit einem Tagesmittel über"
            f" {number(x['limit'])} µg/m³ (EU-Grenzwert: höchstens {number(x['allowed_days'])} Tage im Jahr;"
            f" zuletzt am {day(x['last_day'])})."
        )
    if f.rule == "load_failed":
        kind = f" [{x['kind']}]" if x["kind"] else ""
        return f"Datei {f.subject}{kind} am {local_time(x['rejected_at'])} abgewiesen: {x['error'] or 'ohne Angabe'}."
    if f.rule == "sync_failed":
        success = local_time(x["last_success"]) if x["last_success"] else "noch nie"
        return (
            f"Abruf der Quelle {f.subject} am {local_time(x['last_attempt'])} fehlgeschlagen: {x['error']}"
            f" (letzter erfolgreicher Abruf: {success})."
        )
    raise ValueError(f"unbekannte Regel {f.rule!r}")


@dataclass(frozen=True)
class Notice:
    """What one notification says: an alert's start or end."""

    event: str  # "start" | "end"
    alert_id: int
    rule: str
    subject: str
    message: str
    first_seen: datetime
    resolved_at: datetime | None

    @property
    def title(self) -> str:
        """Subject line: German, naming the rule and the subject."""
        word = "Alarm" if self.event == "start" else "Entwarnung"
        return f"[Wirkungsmonitor] {word}: {RULE_TITLES.get(self.rule, self.rule)} – {self.subject}"

    @property
    def text(self) -> str:
        """Body: German first, then a short English paragraph."""
        if self.event == "start":
            de = f"Seit {local_time(self.first_seen)}: {self.message}"
            en = f"Alert started: {RULE_TITLES_EN.get(self.rule, self.rule)} – {self.subject} (since {self.first_seen:%Y-%m-%d %H:%M} UTC)."
        else:
            assert self.resolved_at is not None
            de = (
                f"Behoben am {local_time(self.resolved_at)} (bestand seit {local_time(self.first_seen)})."
                f" Zuletzt gemeldet: {self.message}"
            )
            en = f"Alert ended: {RULE_TITLES_EN.get(self.rule, self.rule)} – {self.subject} (at {self.resolved_at:%Y-%m-%d %H:%M} UTC)."
        return f"{self.title}\n\n{de}\n\nAlarm Nr. {self.alert_id}, Regel {self.rule}; Übersicht: /datenqualitaet\n\n{en}\n"
