"""Guided flows (the product checklist and the safety screening), defined in YAML."""

from bot.engine.flows.runner import FlowOutcome, FlowRunner

__all__ = ["FlowOutcome", "FlowRunner"]
