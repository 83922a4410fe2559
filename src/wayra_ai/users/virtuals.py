"""The seed's mongoose virtuals, computed exactly as its JavaScript does."""

from __future__ import annotations

import math

from wayra_ai.users.models import Number, UserDocument


def total_ai_savings(user: UserDocument) -> Number:
    """Sum of `optimizationHistory[].results.savings`; a missing (or NaN) saving counts 0.

    JS `opt.results.savings || 0`; an entry without `results` would throw in JS, here it is 0.
    """
    total: Number = 0
    for entry in user.optimization_history:
        savings = entry.results.savings if entry.results is not None else None
        if savings and not math.isnan(savings):
            total += savings
    return total


def ai_engagement_score(user: UserDocument) -> int:
    """min(conversations*2, 20) + min(agent interactions*5, 30) + min(optimizations*10, 50)."""
    conversation_score = min(len(user.conversation_history) * 2, 20)
    agent_score = min(len(user.agent_interactions) * 5, 30)
    optimization_score = min(len(user.optimization_history) * 10, 50)
    return conversation_score + agent_score + optimization_score
