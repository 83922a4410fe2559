"""Helpers for the users room: a document as the Node app (mongoose) would have written it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from bson import ObjectId

from wayra_ai.auth.caller import AuthenticatedCaller


@pytest.fixture
def caller() -> AuthenticatedCaller:
    return AuthenticatedCaller(
        uid="firebase-uid-1",
        email="ana@example.com",
        name="Ana Quispe",
        picture="https://example.com/ana.png",
        email_verified=True,
    )


@pytest.fixture
def node_user() -> dict[str, Any]:
    """A user saved by mongoose: `__v`, `_id`s on subdocuments, fields we do not model."""
    when = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)
    return {
        "uid": "node-uid-7",
        "email": "luis@example.com",
        "displayName": "Luis",
        "photoURL": "https://example.com/luis.png",
        "legacyTopLevel": {"keep": ["me", 1]},
        "profile": {
            "firstName": "Luis",
            "legacyField": "from-node",
            "location": {"country": "PE", "city": "Cusco", "geohash": "6mc5"},
            "travelPreferences": {
                "budgetRange": {"min": 100, "max": 900, "currency": "PEN"},
                "preferredDestinations": ["Arequipa"],
                "travelStyle": ["backpacker"],
                "accommodationPreferences": [],
                "transportationPreferences": ["bus"],
            },
        },
        "aiPreferences": {
            "_id": ObjectId(),
            "conversationStyle": "concise",
            "budgetPriority": 5,
            "planningStyle": "structured",
            "aiAssistanceLevel": "minimal",
            "preferredAgents": [{"_id": ObjectId(), "agentType": "flights", "priority": 1}],
            "optimizationGoals": ["cost", "time"],
            "communicationPreferences": {
                "notifications": {
                    "priceAlerts": False,
                    "optimizationSuggestions": True,
                    "agentUpdates": True,
                    "collaborationInvites": False,
                    "smsDigest": True,
                },
                "responseFormat": "brief",
            },
        },
        "aiUsage": {
            "_id": ObjectId(),
            "conversation": {
                "totalMessages": 40,
                "totalCost": 1.25,
                "lastUsed": when,
                "monthlyLimit": 1000,
                "currentMonthUsage": 12,
                "nodeCounter": 9,
            },
            "agents": {
                "totalTasks": 2,
                "totalCost": 0,
                "monthlyLimit": 50,
                "currentMonthUsage": 2,
                "favoriteAgents": ["hotels"],
            },
            "optimization": {
                "totalOptimizations": 1,
                "totalSavings": 30,
                "totalCost": 0,
                "monthlyLimit": 100,
                "currentMonthUsage": 1,
            },
            "collaboration": {
                "totalSessions": 0,
                "totalCost": 0,
                "monthlyLimit": 200,
                "currentMonthUsage": 0,
            },
        },
        "conversationHistory": [
            {
                "_id": ObjectId(),
                "conversationId": "conv_old",
                "tripId": ObjectId(),
                "startedAt": when,
                "lastActivity": when,
                "messageCount": 4,
                "status": "completed",
                "summary": "Cusco weekend",
                "outcomes": ["booked"],
                "nodeOnly": True,
            }
        ],
        "agentInteractions": [
            {"_id": ObjectId(), "taskId": "t1", "satisfaction": 4, "outcomes": []},
        ],
        "optimizationHistory": [
            {
                "_id": ObjectId(),
                "optimizationId": "o1",
                "results": {"savings": 30, "recommendations": []},
                "createdAt": when,
            }
        ],
        "collaborationSessions": [],
        "subscription": {
            "tier": "free",
            "autoRenew": True,
            "billingHistory": [
                {
                    "_id": ObjectId(),
                    "date": when,
                    "amount": 9.99,
                    "currency": "USD",
                    "description": "old plan",
                    "status": "paid",
                    "invoiceRef": "INV-1",
                }
            ],
        },
        "createdAt": when,
        "updatedAt": when,
        "lastLogin": when,
        "isActive": True,
        "emailVerified": True,
        "phoneVerified": False,
        "__v": 3,
    }


Without = Callable[..., dict[str, Any]]


@pytest.fixture
def without() -> Without:
    """`without(document, "a.b", ...)`: a copy minus the paths a write may change."""
    return _without


def _without(document: dict[str, Any], *paths: str) -> dict[str, Any]:
    """A deep copy of `document` with the given dotted paths removed (to compare the rest)."""
    copy: dict[str, Any] = _deep_copy(document)
    for path in paths:
        *parents, last = path.split(".")
        node: Any = copy
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            del node[int(last)]
        else:
            node.pop(last, None)
    return copy


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _deep_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_deep_copy(item) for item in value]
    return value
