"""Check the flow definitions for ``exobot lint``."""

from __future__ import annotations

from bot.flows.runner import FlowRunner


def validate_flows(runner: FlowRunner) -> list[str]:
    """List every problem in the loaded flows: unreachable steps, dead ends, ambiguous words, templates."""
    return runner.problems()
