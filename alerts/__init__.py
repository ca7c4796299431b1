"""Alerts, the stage after loading: `python -m etl check` evaluates the rules, keeps table `alert`, sends start and end."""

from alerts.check import CheckResult, run_check
from alerts.config import Config, ConfigError, load_config

__all__ = ["CheckResult", "Config", "ConfigError", "load_config", "run_check"]
