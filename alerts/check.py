"""One check: evaluate the rules on the build database, record alerts (table `alert`), send each start and end once.

Runs under the warehouse's lock (`etl.lock`, the one `load`, `sync` and `publish` take): the rules read the build
database read-only, then the alerts are written and the due notifications sent and recorded. A notification that
fails stays due and is tried again at the next check; one that went out is never sent again (`alert_notification`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from alerts.config import Config
from alerts.messages import Notice, describe
from alerts.notify import SendFailed, send_smtp, send_webhook
from etl.lock import warehouse_lock
from etl.warehouse import connect
from indicators.checks import Evaluation, evaluate
from indicators.store import Snapshot

Sender = Callable[[Notice], None]


@dataclass(frozen=True)
class Alert:
    alert_id: int
    rule: str
    subject: str
    message: str
    first_seen: datetime


@dataclass
class CheckResult:
    standing: list[Alert] = field(default_factory=list)
    started: list[Alert] = field(default_factory=list)
    ended: list[Alert] = field(default_factory=list)
    sent: list[tuple[int, str, str]] = field(default_factory=list)  # (alert_id, event, channel)
    send_errors: list[str] = field(default_factory=list)
    rule_errors: dict[str, str] = field(default_factory=dict)


def senders(config: Config) -> dict[str, Sender]:
    """The configured channels by name."""
    out: dict[str, Sender] = {}
    if (smtp := config.smtp) is not None:
        out["smtp"] = lambda n: send_smtp(smtp, n)
    if (hook := config.webhook) is not None:
        out["webhook"] = lambda n: send_webhook(hook, n)
    return out


def run_check(
    db: Path, config: Config, *, now: datetime, wait: float = 0.0, channels: Mapping[str, Sender] | None = None
) -> CheckResult:
    """Check `db` as of `now` (naive UTC). `channels` replaces the configured senders (tests)."""
    db = Path(db)
    if not db.exists():
        raise FileNotFoundError(f"Build-Datenbank {db} existiert nicht")
    send = senders(config) if channels is None else dict(channels)
    with warehouse_lock(db, "etl check", wait=wait):
        snap = Snapshot(db)
        try:
            evaluation = evaluate(snap, config.rules, now=now)
        finally:
            snap.close()
        con = connect(db)
        try:
            result = CheckResult(rule_errors=dict(evaluation.errors))
            con.execute("begin")
            _record(con, evaluation, now, tuple(send), result)
            con.execute("commit")
            _notify(con, send, now, result)
            result.standing = [
                Alert(*r)
                for r in con.execute(
                    "select alert_id, rule, subject, message, first_seen from alert where resolved_at is null"
                    " order by rule, subject"
                ).fetchall()
            ]
        finally:
            con.close()
    return result


def _record(
    con: duckdb.DuckDBPyConnection, ev: Evaluation, now: datetime, channels: tuple[str, ...], result: CheckResult
) -> None:
    standing = {
        (rule, subject): Alert(i, rule, subject, msg, first)
        for i, rule, subject, msg, first in con.execute(
            "select alert_id, rule, subject, message, first_seen from alert where resolved_at is null"
        ).fetchall()
    }
    row = con.execute("select coalesce(max(alert_id), 0) from alert").fetchone()
    next_id = int(row[0]) + 1 if row else 1
    found = {(f.rule, f.subject): f for f in ev.findings}
    for key, f in found.items():
        message = describe(f)
        if key in standing:
            con.execute("update alert set last_seen = ?, message = ? where alert_id = ?", [now, message, standing[key].alert_id])
        else:
            con.execute("insert into alert values (?, ?, ?, ?, ?, ?, null)", [next_id, f.rule, f.subject, message, now, now])
            result.started.append(Alert(next_id, f.rule, f.subject, message, now))
            next_id += 1
    for key, a in standing.items():
        # a rule that failed keeps its alerts; a rule switched off, or one that no longer finds it, ends them
        if key not in found and key[0] not in ev.errors:
            con.execute("update alert set resolved_at = ? where alert_id = ?", [now, a.alert_id])
            result.ended.append(a)
    for ch in channels:
        # a standing alert is announced on every configured channel (also one added since it started) ...
        con.execute(
            "insert into alert_notification select a.alert_id, 'start', ?, 0, null, null, null from alert a"
            " where a.resolved_at is null and not exists (select 1 from alert_notification n"
            " where n.alert_id = a.alert_id and n.event = 'start' and n.channel = ?)",
            [ch, ch],
        )
        # ... and its end on every channel that announced (or is still to announce) its start
        con.execute(
            "insert into alert_notification select a.alert_id, 'end', ?, 0, null, null, null from alert a"
            " where a.resolved_at is not null"
            " and exists (select 1 from alert_notification n where n.alert_id = a.alert_id and n.event = 'start' and n.channel = ?)"
            " and not exists (select 1 from alert_notification n where n.alert_id = a.alert_id and n.event = 'end'"
            " and n.channel = ?)",
            [ch, ch, ch],
        )


def _notify(con: duckdb.DuckDBPyConnection, send: Mapping[str, Sender], now: datetime, result: CheckResult) -> None:
    """Send what is due on the configured channels, each recorded as soon as it went out (or failed)."""
    if not send:
        return
    due = con.execute(
        "select n.alert_id, n.event, n.channel, a.rule, a.subject, a.message, a.first_seen, a.resolved_at"
        " from alert_notification n join alert a using (alert_id)"
        " where n.sent_at is null and n.channel in (select unnest(?))"
        " order by n.alert_id, n.event = 'end', n.channel",
        [list(send)],
    ).fetchall()
    failed_channels: set[str] = set()
    for alert_id, event, channel, rule, subject, message, first_seen, resolved_at in due:
        if channel in failed_channels:  # a channel that just failed is not hammered; its notices wait for the next check
            continue
        notice = Notice(event, alert_id, rule, subject, message, first_seen, resolved_at)
        try:
            send[channel](notice)
        except SendFailed as e:
            failed_channels.add(channel)
            result.send_errors.append(f"{channel}: {e}")
            con.execute(
                "update alert_notification set attempts = attempts + 1, last_attempt = ?, last_error = ?"
                " where alert_id = ? and event = ? and channel = ?",
                [now, str(e)[:2000], alert_id, event, channel],
            )
            continue
        con.execute(
            "update alert_notification set attempts = attempts + 1, last_attempt = ?, sent_at = ?, last_error = null"
            " where alert_id = ? and event = ? and channel = ?",
            [now, now, alert_id, event, channel],
        )
        result.sent.append((alert_id, event, channel))
