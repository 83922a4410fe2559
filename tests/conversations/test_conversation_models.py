"""The persisted model follows the seed's ConversationSchema; virtuals follow its formulas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bson import ObjectId
from conversation_data import node_conversation
from pydantic import ValidationError

from wayra_ai.conversations.models import (
    AccommodationPreference,
    Analytics,
    Conversation,
    ConversationStatus,
    Engagement,
    Entity,
    Message,
    MessageStatus,
    Phase,
)
from wayra_ai.conversations.virtuals import duration_ms, engagement_score


def test_defaults_are_the_seeds() -> None:
    conversation = Conversation(conversation_id="conv_a", user_id="u")
    stored = conversation.model_dump(by_alias=True, exclude_none=True)
    assert stored["metadata"] == {
        "tags": [],
        "category": "planning",
        "priority": "normal",
        "language": "en",
    }
    assert stored["context"]["currentPhase"] == Phase.DISCOVERY
    assert stored["analytics"] == {"totalMessages": 0, "userMessages": 0, "aiMessages": 0}
    assert stored["status"] == ConversationStatus.ACTIVE
    assert stored["qualityReview"] == {"reviewed": False, "improvements": []}
    assert stored["createdAt"].tzinfo is not None
    assert "completedAt" not in stored
    assert "archivedAt" not in stored


def test_message_defaults_and_enums() -> None:
    message = Message.model_validate({"messageId": "m1", "type": "agent", "content": "hi"})
    assert message.status is MessageStatus.COMPLETED
    assert message.retry_count == 0
    assert message.timestamp.tzinfo is not None
    with pytest.raises(ValidationError):
        Message.model_validate({"messageId": "m1", "type": "robot", "content": "hi"})
    with pytest.raises(ValidationError):
        Message.model_validate({"messageId": "m1", "type": "ai", "content": "x", "status": "ok"})
    with pytest.raises(ValidationError):
        Message.model_validate({"messageId": "m1", "type": "ai"})  # content is required


def test_enums_reject_values_outside_the_seed() -> None:
    with pytest.raises(ValidationError):
        Conversation.model_validate({"conversationId": "c", "userId": "u", "status": "deleted"})
    with pytest.raises(ValidationError):
        Conversation.model_validate(
            {"conversationId": "c", "userId": "u", "metadata": {"category": "chit-chat"}}
        )
    with pytest.raises(ValidationError):
        Conversation.model_validate(
            {"conversationId": "c", "userId": "u", "context": {"currentPhase": "dreaming"}}
        )


def test_fields_literally_named_type_are_real_fields() -> None:
    message = Message.model_validate(
        {
            "messageId": "m1",
            "type": "ai",
            "content": "x",
            "analysis": {
                "entities": [{"type": "place", "value": "Cusco", "startIndex": 3, "endIndex": 8}]
            },
            "suggestions": [{"type": "activity", "content": "Rainbow Mountain"}],
            "followUpActions": [{"type": "reminder", "description": "book bus"}],
            "attachments": [{"type": "image", "url": "https://example.com/a.png", "size": 10}],
            "aiMetadata": {"tokens": {"input": 3, "output": 4, "total": 7, "cached": 1}},
        }
    )
    assert message.analysis is not None
    entity = message.analysis.entities[0]
    assert isinstance(entity, Entity)
    assert (entity.type, entity.value, entity.start_index) == ("place", "Cusco", 3)
    stored = message.model_dump(by_alias=True, exclude_none=True)
    assert stored["suggestions"][0]["type"] == "activity"
    assert stored["followUpActions"][0]["type"] == "reminder"
    assert stored["attachments"][0]["type"] == "image"
    assert stored["aiMetadata"]["tokens"] == {"input": 3, "output": 4, "total": 7, "cached": 1}


def test_literal_mongoose_string_arrays_are_read_not_rejected() -> None:
    """Read literally, mongoose stores `[{ type: String, ... }]` as an array of strings."""
    message = Message.model_validate(
        {
            "messageId": "m1",
            "type": "ai",
            "content": "x",
            "analysis": {"entities": ["Cusco"]},
            "suggestions": ["try the bus"],
        }
    )
    assert message.analysis is not None
    assert message.analysis.entities == ["Cusco"]
    assert message.suggestions == ["try the bus"]
    conversation = Conversation.model_validate(
        {
            "conversationId": "c",
            "userId": "u",
            "context": {"extractedPreferences": {"accommodation": ["hostel"]}},
        }
    )
    preferences = conversation.context.extracted_preferences
    assert preferences is not None
    assert preferences.accommodation == ["hostel"]


def test_node_document_keeps_every_unknown_field() -> None:
    raw = node_conversation()
    conversation = Conversation.model_validate(raw)
    assert isinstance(conversation.trip_id, ObjectId)
    assert conversation.model_extra is not None
    assert conversation.model_extra["__v"] == 4
    assert conversation.model_extra["legacyTopLevel"]["keep"] == [1, "two"]
    assert conversation.metadata.model_extra == {"nodeOnly": "metadata-extra"}
    assert conversation.messages[0].model_extra is not None
    assert conversation.messages[0].model_extra["nodeMessageField"] == {"index": 0}
    preferences = conversation.context.extracted_preferences
    assert preferences is not None
    assert isinstance(preferences.accommodation, AccommodationPreference)
    assert preferences.accommodation.type == ["hostel"]
    again = conversation.model_dump(by_alias=True)
    assert again["context"]["nodeContextField"] == "context-extra"


def test_trip_id_must_be_an_object_id() -> None:
    with pytest.raises(ValidationError):
        Conversation.model_validate({"conversationId": "c", "userId": "u", "tripId": {"$gt": ""}})
    conversation = Conversation(
        conversation_id="c", user_id="u", trip_id="65f0a1b2c3d4e5f601234567"
    )
    assert conversation.model_dump(mode="json")["trip_id"] == "65f0a1b2c3d4e5f601234567"


def _conversation(
    *, created: datetime, completed: datetime | None, messages: int, satisfaction: float | None
) -> Conversation:
    return Conversation(
        conversation_id="c",
        user_id="u",
        created_at=created,
        completed_at=completed,
        analytics=Analytics(
            total_messages=messages, engagement=Engagement(user_satisfaction=satisfaction)
        ),
    )


def test_duration_and_engagement_score_follow_the_seed() -> None:
    created = datetime(2026, 1, 1, tzinfo=UTC)
    now = created + timedelta(hours=2)
    open_one = _conversation(created=created, completed=None, messages=10, satisfaction=0.5)
    assert duration_ms(open_one, now) == 2 * 3_600_000
    # min(10*2, 50) + min(2, 25) + 0.5*25
    assert engagement_score(open_one, now) == pytest.approx(20 + 2 + 12.5)

    done = _conversation(
        created=created, completed=created + timedelta(minutes=30), messages=40, satisfaction=None
    )
    later = created + timedelta(days=30)
    assert duration_ms(done, later) == 30 * 60_000
    # min(80, 50) + min(0.5, 25) + 0
    assert engagement_score(done, later) == pytest.approx(50.5)

    long_open = _conversation(created=created, completed=None, messages=0, satisfaction=1)
    assert engagement_score(long_open, created + timedelta(days=3)) == pytest.approx(25 + 25)
