"""One run of `etl sync`: per source, ask for what is new, load it through the loader, then move the high-water mark.

Order per source: fetch everything (no lock held), load the payloads with `etl.load.load_files` (each atomically, with
the URL in `load_log.file_name` and the payload's SHA-256: a payload loaded before is skipped, rows are merged by their
natural keys), and only then write `sync_state`. A pull killed at any point leaves the mark where it was: the next pull
asks for the same window again, and what was loaded meanwhile is recognised (same SHA-256) or merged (same key).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from etl.errors import EtlError, FileRejected, UsageError, WarehouseBusy
from etl.limits import escape
from etl.load import load_files
from etl.lock import warehouse_lock
from etl.sync.base import Request, Window
from etl.sync.config import SourceConfig, SyncConfig
from etl.sync.http import Client
from etl.sync.kinds import KINDS
from etl.warehouse import connect

COMMAND = "etl sync"


@dataclass
class SourceRun:
    """What became of one source in a run. `status`: `ok`, `failed`, `skipped` (pulled recently), `planned` (dry run)."""

    name: str
    kind: str
    status: str
    window: Window | None = None
    requests: int = 0
    payloads: int = 0  # bodies received and handed to the loader
    new_payloads: int = 0  # of them loaded now (not already loaded before)
    rows_loaded: int = 0
    rows_rejected: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)  # --dry-run: the requests as they would be made


@dataclass(frozen=True)
class State:
    high_water: datetime | None
    last_success: datetime | None


def now_utc() -> datetime:
    return datetime.now(UTC)


def run_sync(
    config: SyncConfig,
    *,
    db: Path,
    only: Sequence[str] = (),
    dry_run: bool = False,
    force: bool = False,
    wait: float = 0.0,
    now: Callable[[], datetime] = now_utc,
    on_source: Callable[[SourceRun], None] | None = None,
    client: Client | None = None,
) -> list[SourceRun]:
    """Pull every enabled source of `config` (only those named in `only`, if given) into `db`.

    A failing source is reported in its `SourceRun` and the others go on; `WarehouseBusy` (another process holds the
    warehouse longer than `wait` seconds) ends the run. `dry_run`: no network, no writes, only the planned requests.
    """
    unknown = [n for n in only if n not in {s.name for s in config.sources}]
    if unknown:
        known = ", ".join(s.name for s in config.sources) or "keine"
        raise UsageError(f"--only {unknown[0]}: keine solche Quelle in {config.path} (bekannt: {known})")
    sources = [s for s in config.sources if (s.name in only if only else s.enabled)]
    states = _read_states(db, dry_run=dry_run, wait=wait)
    own_client = client is None and not dry_run
    http = client or (Client(config.http) if not dry_run else None)
    runs: list[SourceRun] = []
    try:
        for src in sources:
            run = _one_source(src, states.get(src.name), db=db, http=http, dry_run=dry_run, force=force, wait=wait, now=now())
            runs.append(run)
            if on_source is not None:
                on_source(run)
    finally:
        if own_client and http is not None:
            http.close()
    return runs


def window_for(src: SourceConfig, state: State | None, now: datetime) -> Window:
    """The time window of a pull: from the high-water mark minus `overlap_hours` (first pull: `start`, else
    `initial_days` back) up to now."""
    overlap = timedelta(hours=src.overlap_hours)
    if state is not None and state.high_water is not None:
        mark = state.high_water.replace(tzinfo=UTC)
        return Window(since=mark - overlap, until=now, modified_since=mark - overlap)
    since = src.start if src.start is not None else now - timedelta(days=src.initial_days)
    return Window(since=since, until=now)


def _one_source(
    src: SourceConfig,
    state: State | None,
    *,
    db: Path,
    http: Client | None,
    dry_run: bool,
    force: bool,
    wait: float,
    now: datetime,
) -> SourceRun:
    kind = KINDS[src.kind]
    run = SourceRun(src.name, src.kind, "planned" if dry_run else "ok", window=window_for(src, state, now))
    assert run.window is not None
    if not force and state is not None and state.last_success is not None and src.min_interval_minutes:
        since_success = now - state.last_success.replace(tzinfo=UTC)
        if since_success < timedelta(minutes=src.min_interval_minutes):
            run.status = "skipped"
            return run
    if dry_run:
        token_note = f"<aus ${src.token_env}>" if src.token_env else None
        headers = kind.auth_headers(src, token_note)
        reqs: list[Request] = kind.requests(src, run.window, headers)
        run.requests = len(reqs)
        run.planned = [r.shown() for r in reqs]  # the token is shown as the variable it comes from, never its value
        return run
    assert http is not None
    try:
        headers = kind.auth_headers(src, src.token())
        with tempfile.TemporaryDirectory(prefix=f"wm-sync-{src.name}-") as tmp:
            run.requests, payloads = kind.fetch(src, run.window, http, Path(tmp), headers, run.warnings.append)
            run.payloads = len(payloads)
            if payloads:
                loaded = load_files(
                    [p.path for p in payloads],
                    db=db,
                    wait=wait,
                    command=COMMAND,
                    names={p.path: p.name for p in payloads},
                )
                for payload, outcome in zip(payloads, loaded.outcomes, strict=True):
                    if isinstance(outcome, FileRejected):
                        run.error = run.error or f"{escape(payload.name)}: {escape(outcome.message)}"
                        continue
                    if outcome.status != "already_loaded":
                        run.new_payloads += 1
                    run.rows_loaded += outcome.rows_loaded
                    run.rows_rejected += outcome.rows_rejected
                    if outcome.rows_rejected:
                        run.warnings.append(
                            f"{outcome.file}: {outcome.rows_rejected} Zeile(n) abgewiesen, siehe rejected_row"
                            f" (load_id {outcome.load_id})"
                        )
    except (UsageError, WarehouseBusy):
        raise
    except EtlError as e:  # FetchError, SourceError: this source failed, the others go on
        run.error = e.message
    except OSError as e:  # the temporary folder (disk full, …)
        run.error = f"lokaler Dateifehler: {e}"
    except Exception as e:  # noqa: BLE001 - an answer no kind anticipated fails its source, never the whole run
        run.error = f"unerwarteter Fehler ({type(e).__name__}: {e})"
    if run.error is not None:
        run.status = "failed"
    _record(db, src.name, run, now=now, wait=wait)
    return run


def _read_states(db: Path, *, dry_run: bool, wait: float) -> dict[str, State]:
    """Every source's high-water mark and last success. A dry run reads without writing (or assumes no state when the
    warehouse does not exist yet or is busy)."""
    query = "select source, high_water, last_success from sync_state"
    if dry_run:
        if not Path(db).exists():
            return {}
        try:
            con = duckdb.connect(str(db), read_only=True)
        except duckdb.Error:
            return {}
        try:
            rows = con.execute(query).fetchall()
        except duckdb.CatalogException:
            rows = []  # a warehouse built before sync_state existed
        finally:
            con.close()
    else:
        with warehouse_lock(db, COMMAND, wait=wait):
            con = connect(db)
            try:
                rows = con.execute(query).fetchall()
            finally:
                con.close()
    return {str(r[0]): State(r[1], r[2]) for r in rows}


def _record(db: Path, source: str, run: SourceRun, *, now: datetime, wait: float) -> None:
    """Write the pull's outcome to `sync_state` in one statement: on success the new high-water mark (the window's end)
    and last_success, on failure only the attempt and its error (the mark stays: the next pull asks again)."""
    assert run.window is not None
    at = now.astimezone(UTC).replace(tzinfo=None)
    mark = run.window.until.astimezone(UTC).replace(tzinfo=None)
    ok = run.error is None
    with warehouse_lock(db, COMMAND, wait=wait):
        con = connect(db)
        try:
            con.execute(
                "insert into sync_state (source, high_water, last_attempt, last_success, last_error, rows_loaded)"
                " values (?, ?, ?, ?, ?, ?)"
                " on conflict (source) do update set"
                " high_water = coalesce(excluded.high_water, sync_state.high_water),"
                " last_attempt = excluded.last_attempt,"
                " last_success = coalesce(excluded.last_success, sync_state.last_success),"
                " last_error = excluded.last_error,"
                " rows_loaded = excluded.rows_loaded",
                [source, mark if ok else None, at, at if ok else None, run.error, run.rows_loaded],
            )
        finally:
            con.close()
