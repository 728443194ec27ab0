"""Adapters: the console and Telegram front ends over the engine."""
