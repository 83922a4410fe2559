"""The seed's virtual fields `duration` and `engagementScore`, computed as mongoose does.

`engagementScore` counts messages with `messages.length`; we use `analytics.totalMessages`,
which every append keeps equal to it, so a score never needs the whole message history.
"""

from __future__ import annotations

from datetime import datetime

from wayra_ai.conversations.models import Conversation

_MS_PER_HOUR = 1000 * 60 * 60


def duration_ms(conversation: Conversation, now: datetime) -> int:
    """completedAt − createdAt once completed, else now − createdAt, in milliseconds."""
    end = conversation.completed_at or now
    return round((end - conversation.created_at).total_seconds() * 1000)


def engagement_score(conversation: Conversation, now: datetime) -> float:
    """min(messages × 2, 50) + min(duration in hours, 25) + userSatisfaction × 25."""
    message_score = min(conversation.analytics.total_messages * 2, 50)
    duration_score = min(duration_ms(conversation, now) / _MS_PER_HOUR, 25)
    engagement = conversation.analytics.engagement
    satisfaction = (engagement.user_satisfaction if engagement else None) or 0
    return message_score + duration_score + satisfaction * 25
