"""Generate every demo export (Demodaten) in its real file format, and the ground truth of the injected effects."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from etl.demo import civic, environment, mobility
from etl.demo.world import END, SEED, World
from etl.stations import station_id

Writer = Callable[[World, Path, float], list[Path]]


@dataclass(frozen=True)
class Format:
    """One export family: its generator and the source kinds (etl/sources) that must exist to load it. `extends`: its
    series continue after END in the extension worlds (Freifunk and the charging register continue in the base world
    up to the build's last day; districts, surveys and station lists do not grow)."""

    name: str
    write: Writer
    kinds: tuple[str, ...]
    extends: bool = False


# Load order: many small files first, the largest tables (15-min bicycle counts) last, so that each file's merge
# runs against a small warehouse for as long as possible.
FORMATS: tuple[Format, ...] = (
    Format("districts", civic.write_districts, ("districts_geojson",)),
    Format("dwd", environment.write_dwd, ("dwd_daily_kl", "dwd_hourly_tu", "dwd_hourly_rr", "dwd_stations"), True),
    Format("freifunk", civic.write_freifunk, ("freifunk_meshviewer",)),
    Format("bnetza", civic.write_bnetza, ("bnetza_ladesaeulen",)),
    Format("open311", civic.write_open311, ("open311",), True),
    Format("surveys", civic.write_surveys, ("limesurvey_responses", "survey_results_csv")),
    Format("sensorthings", civic.write_sensorthings, ("sensorthings",), True),
    Format("ecovisio", mobility.write_ecovisio, ("ecovisio_json",)),
    Format("hystreet", mobility.write_hystreet, ("hystreet_csv", "hystreet_json"), True),
    Format("sensor_community", environment.write_sensor_community, ("sensor_community_csv",), True),
    Format("climavi", environment.write_climavi, ("climavi_csv",), True),
    Format("ecocounter", mobility.write_ecocounter, ("ecocounter_csv",), True),
)


def ground_truth() -> list[dict[str, object]]:
    """The effects injected into the generated series (multiplicative on daily totals), placebos with 0 %."""
    return [
        {
            "indicator_id": "rad_dtv",
            "station_id": station_id("ecocounter", mobility.EFFECT_SITE.site_id),
            "date": mobility.MOBILITAETSPORTAL.isoformat(),
            "effect_pct": mobility.EFFECT_SITE.effect_pct,
        },
        {
            "indicator_id": "rad_dtv",
            "station_id": station_id("ecocounter", mobility.PLACEBO_SITE.site_id),
            "date": mobility.MOBILITAETSPORTAL.isoformat(),
            "effect_pct": mobility.PLACEBO_SITE.effect_pct,
        },
        {
            "indicator_id": "passanten_tag",
            "station_id": station_id("hystreet", mobility._slug(mobility.EFFECT_LOCATION.name)),
            "date": mobility.STATION_MITTE_START.isoformat(),
            "effect_pct": mobility.EFFECT_LOCATION.effect_pct,
        },
        {
            "indicator_id": "passanten_tag",
            "station_id": station_id("hystreet", mobility._slug(mobility.PLACEBO_LOCATION.name)),
            "date": mobility.STATION_MITTE_START.isoformat(),
            "effect_pct": mobility.PLACEBO_LOCATION.effect_pct,
        },
    ]


def write_ground_truth(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(ground_truth(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def generate_all(
    out: Path,
    *,
    scale: float = 1.0,
    seed: int = SEED,
    only: tuple[str, ...] | None = None,
    log: Callable[[str], None] = print,
    last: dt.date = END,
) -> dict[str, list[Path]]:
    """Delete `out` and write every format into it, up to the day `last` (`world.demo_end` of the build day); returns
    the files per format name, in load order.

    The base world (2016 to END) is the same bytes whatever `last` is; each year after END is an extension world of
    its own (`World.extension`), so a later build appends months and changes nothing before them."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    worlds = [World(seed, data_end=last)] + [
        World.extension(year, min(dt.date(year, 12, 31), last), seed, last) for year in range(END.year + 1, last.year + 1)
    ]
    files: dict[str, list[Path]] = {}
    for fmt in FORMATS:
        if only is not None and fmt.name not in only:
            continue
        t0 = time.perf_counter()
        files[fmt.name] = [p for w in worlds if w.is_base or fmt.extends for p in fmt.write(w, out, scale)]
        log(f"erzeugt: {fmt.name:<17} {len(files[fmt.name]):>4} Dateien ({time.perf_counter() - t0:.1f} s)")
    return files
