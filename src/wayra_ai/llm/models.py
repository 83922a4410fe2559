"""The model each provider uses unless told otherwise (each is in the price table)."""

from __future__ import annotations

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
DEFAULT_GROQ_MODEL = "llama-3.3-70b-versatile"
