"""Sentiment with VADER's compound score (-1 .. 1)."""

from __future__ import annotations

from functools import cache
from typing import Literal

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

SentimentLabel = Literal["positive", "neutral", "negative"]
_THRESHOLD = 0.05  # VADER's own convention for the neutral band


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()  # loads the lexicon once per process


def sentiment(text: str) -> tuple[float, SentimentLabel, float]:
    """(compound score, label, confidence in 0..1)."""
    scores = _analyzer().polarity_scores(text)
    compound = float(scores["compound"])
    if compound >= _THRESHOLD:
        return compound, "positive", round(compound, 3)
    if compound <= -_THRESHOLD:
        return compound, "negative", round(-compound, 3)
    return compound, "neutral", round(float(scores["neu"]), 3)
