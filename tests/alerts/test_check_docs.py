"""The documented rules are the code's: alerts.example.toml states exactly the defaults, docs/configuration.md names
every rule, key and default."""

from __future__ import annotations

import tomllib
from pathlib import Path

from alerts.config import parse_config
from indicators.checks import PARAMS, SILENT_HOURS, default_rules

ROOT = Path(__file__).resolve().parents[2]
ENV = {"WM_SMTP_USER": "wm", "WM_SMTP_PASSWORD": "x", "WM_ALERT_WEBHOOK_URL": "https://hooks.example/x"}


def key(rules):  # noqa: ANN001, ANN201
    return sorted((r.rule, r.kind, r.enabled, tuple(sorted((k, r.param(k)) for k in PARAMS[r.rule]))) for r in rules)


def test_example_file_is_the_defaults() -> None:
    data = tomllib.loads((ROOT / "alerts.example.toml").read_text(encoding="utf-8"))
    cfg = parse_config(data, env=ENV)
    assert cfg.channels == ("smtp", "webhook")
    assert key(cfg.rules) == key(default_rules())
    assert len(data["rule"]) == len(default_rules())  # every default is written out


def test_configuration_doc_names_every_rule_key_and_default() -> None:
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Prüfungen und Alarme") :]
    for rule, params in PARAMS.items():
        assert f"| `{rule}` |" in section, rule
        for name, default in params.items():
            assert f"`{name}` ({default:g}" in section, (rule, name)
    for kind, hours in SILENT_HOURS.items():
        assert f"`{kind}` {hours:g}" in section, kind


def test_the_documented_units_call_the_command_line_as_it_is() -> None:
    import shlex

    from alerts.cli import build_parser

    doc = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Prüfen und Alarmieren") : doc.index("## Gemeinsamer Cache")]
    calls = [ln for ln in section.splitlines() if "-m etl check" in ln and ("ExecStart=" in ln or ln.startswith("5 * * * *"))]
    assert len(calls) == 2
    for line in calls:
        words = shlex.split(line.split("-m etl check", 1)[1].split(">>")[0])
        args = build_parser().parse_args(words)
        assert args.wait == 600
    assert "SuccessExitStatus=1" in section and "OnCalendar=hourly" in section
