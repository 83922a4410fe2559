"""A recognised piece of a message: what it is, its value and where it sits in the text."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Span(BaseModel):
    """`text[start:end]` is the mention; `value` is its normalised meaning."""

    model_config = ConfigDict(frozen=True)

    type: str
    value: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    confidence: float = Field(default=1.0, ge=0, le=1)
