"""Guided flows (the product checklist and the safety screening), defined in YAML."""

from bot.flows.runner import FlowOutcome, FlowRunner

__all__ = ["FlowOutcome", "FlowRunner"]
