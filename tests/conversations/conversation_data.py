"""Test data for the conversations room: two callers and a Node-written document."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bson import ObjectId

from wayra_ai.auth.caller import AuthenticatedCaller

ALICE = AuthenticatedCaller(uid="uid-alice", email="alice@example.com", name="Alice")
BOB = AuthenticatedCaller(uid="uid-bob", email="bob@example.com", name="Bob")
CALLERS = {caller.uid: caller for caller in (ALICE, BOB)}


def node_conversation(user_id: str = ALICE.uid, messages: int = 3) -> dict[str, Any]:
    """A conversation saved by mongoose: `__v`, subdocument `_id`s, fields we do not model."""
    created = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    return {
        "_id": ObjectId(),
        "__v": 4,
        "conversationId": "conv_node_1",
        "userId": user_id,
        "tripId": ObjectId("65f0a1b2c3d4e5f601234567"),
        "legacyTopLevel": {"keep": [1, "two"], "ref": ObjectId()},
        "metadata": {
            "title": "Andes on a shoestring",
            "description": "Backpacking Peru",
            "tags": ["peru"],
            "category": "planning",
            "priority": "normal",
            "language": "es",
            "nodeOnly": "metadata-extra",
        },
        "messages": [
            {
                "_id": ObjectId(),
                "messageId": f"msg_node_{index}",
                "type": "user" if index % 2 == 0 else "ai",
                "content": f"node message {index} about Huacachina dunes",
                "timestamp": datetime(2026, 11, 1, 9, index, tzinfo=UTC),
                "status": "completed",
                "retryCount": 0,
                "nodeMessageField": {"index": index},
                "analysis": {
                    "entities": [{"_id": ObjectId(), "type": "place", "value": "Ica"}],
                    "topics": ["desert"],
                },
                "suggestions": [],
                "followUpActions": [],
                "processingErrors": [],
                "attachments": [],
            }
            for index in range(messages)
        ],
        "context": {
            "currentPhase": "planning",
            "nodeContextField": "context-extra",
            "extractedPreferences": {
                "budget": {"total": 1200, "flexibility": "low", "priorities": ["food"]},
                "accommodation": {"type": ["hostel"], "amenities": ["wifi"]},
            },
            "goals": [],
            "constraints": [],
            "decisions": [],
        },
        "analytics": {
            "totalMessages": messages,
            "userMessages": (messages + 1) // 2,
            "aiMessages": messages // 2,
            "engagement": {"userSatisfaction": 0.8, "dropOffPoints": []},
        },
        "status": "active",
        "createdAt": created,
        "lastActivity": created,
        "qualityReview": {"reviewed": False, "improvements": []},
    }
