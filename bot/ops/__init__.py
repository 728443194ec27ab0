"""Operator tools: report, evaluation and content lint."""
