"""Wayra AI: the AI service layer of the Wayra travel-planning app."""

__version__ = "0.1.0"
