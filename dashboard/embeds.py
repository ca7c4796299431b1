"""The allow-list of public embeds: indicators marked public in the catalogue, plus entries of the embeds file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from indicators import registry
from indicators.store import Snapshot


@dataclass(frozen=True)
class Embed:
    chart_id: str
    indicator_id: str
    station: str | None = None
    title: str | None = None


def load_config(path: Path) -> list[Embed]:
    """`[[embed]] id = "…", indicator = "…", station = "…", title = "…"` entries; a missing file means none."""
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for i, e in enumerate(data.get("embed", []), 1):
        if "id" not in e or "indicator" not in e:
            raise ValueError(f"{path}: Einbettung {i} braucht 'id' und 'indicator'")
        out.append(Embed(e["id"], e["indicator"], e.get("station"), e.get("title")))
    return out


_memo: dict[tuple, dict[str, Embed]] = {}


def allowed(snap: Snapshot, config: Path) -> dict[str, Embed]:
    """Embeds that may be shown: only public indicators, whatever the config file says.

    Asked on every embed request (the local paper's link brings hundreds at once): remembered per snapshot version
    and config file state, so a new snapshot or an edited embeds file takes effect at once.
    """
    try:
        stamp = config.stat().st_mtime_ns
    except OSError:
        stamp = None
    key = (str(snap.path), snap.version, str(config), stamp)
    hit = _memo.get(key)
    if hit is None:
        hit = _allowed(snap, config)
        _memo.clear()  # one entry: the current snapshot
        _memo[key] = hit
    return hit


def _allowed(snap: Snapshot, config: Path) -> dict[str, Embed]:
    public = {i.indicator_id for i in registry.all_indicators(snap) if i.is_public}
    out = {iid: Embed(iid, iid) for iid in public}
    for e in load_config(config):
        if e.indicator_id in public:
            out[e.chart_id] = e
    return out
