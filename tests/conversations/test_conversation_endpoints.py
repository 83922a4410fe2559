"""/v1/conversations over HTTP, against the real wire server and the users collection."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from conversation_data import ALICE, BOB, node_conversation
from fastapi import FastAPI

from wayra_ai.conversations.models import Conversation, Message, Phase
from wayra_ai.conversations.replies import ACKNOWLEDGEMENT, Turn, acknowledge
from wayra_ai.errors import TooManyRequests
from wayra_ai.storage.mongo import Database
from wayra_ai.users.models import UserDocument

AS_BOB = {"X-Test-Uid": BOB.uid}


async def create(client: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    response = await client.post("/v1/conversations", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def say(client: httpx.AsyncClient, conversation_id: str, content: str) -> httpx.Response:
    return await client.post(
        f"/v1/conversations/{conversation_id}/messages", json={"content": content}
    )


async def stored(db: Database, conversation_id: str) -> dict[str, Any]:
    document = await db["conversations"].find_one({"conversationId": conversation_id})
    assert document is not None
    return document


async def history_entry(db: Database, uid: str, conversation_id: str) -> dict[str, Any]:
    user = await db["users"].find_one({"uid": uid})
    assert user is not None
    entries = [
        entry
        for entry in user.get("conversationHistory", [])
        if entry["conversationId"] == conversation_id
    ]
    assert len(entries) == 1
    entry: dict[str, Any] = entries[0]
    return entry


# --- create ---------------------------------------------------------------------------


async def test_create_with_defaults(client: httpx.AsyncClient, db: Database) -> None:
    created = await create(client)
    assert created["conversationId"].startswith("conv_")
    assert created["status"] == "active"
    assert created["currentPhase"] == "discovery"
    assert created["metadata"]["category"] == "planning"
    assert created["metadata"]["language"] == "en"
    assert created["messageCount"] == 0
    assert created["duration"] >= 0
    assert created["engagementScore"] >= 0
    document = await stored(db, created["conversationId"])
    assert document["userId"] == ALICE.uid
    entry = await history_entry(db, ALICE.uid, created["conversationId"])
    assert entry["messageCount"] == 0
    assert entry["status"] == "active"


async def test_create_with_metadata_and_trip(client: httpx.AsyncClient, db: Database) -> None:
    created = await create(
        client,
        metadata={
            "title": "  Cusco in May  ",
            "tags": ["peru"],
            "category": "booking",
            "priority": "high",
            "language": "es-PE",
            "timezone": "America/Lima",
        },
        tripId="65f0a1b2c3d4e5f601234567",
    )
    assert created["metadata"]["title"] == "Cusco in May"
    assert created["tripId"] == "65f0a1b2c3d4e5f601234567"
    document = await stored(db, created["conversationId"])
    assert str(document["tripId"]) == "65f0a1b2c3d4e5f601234567"
    assert document["metadata"]["priority"] == "high"
    entry = await history_entry(db, ALICE.uid, created["conversationId"])
    assert str(entry["tripId"]) == "65f0a1b2c3d4e5f601234567"


@pytest.mark.parametrize(
    "body",
    [
        {"tripId": "not-an-object-id"},
        {"tripId": {"$gt": ""}},
        {"metadata": {"category": "gossip"}},
        {"metadata": {"priority": "asap"}},
        {"metadata": {"title": "x" * 201}},
        {"metadata": {"tags": ["t"] * 21}},
        {"metadata": {"language": "english please"}},
        {"userId": "someone-else"},
        {"status": "archived"},
    ],
)
async def test_create_rejects_bad_input_and_writes_nothing(
    client: httpx.AsyncClient, db: Database, body: dict[str, Any]
) -> None:
    response = await client.post("/v1/conversations", json=body)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
    assert await db["conversations"].count_documents({}) == 0


async def test_malformed_json_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/conversations", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400


# --- read -----------------------------------------------------------------------------


async def test_list_is_own_paginated_and_filtered(client: httpx.AsyncClient) -> None:
    mine = [(await create(client))["conversationId"] for _ in range(3)]
    support = await create(client, metadata={"category": "support"})
    mine.append((await create(client))["conversationId"])
    await client.post("/v1/conversations", json={}, headers=AS_BOB)

    everything = (await client.get("/v1/conversations")).json()
    assert everything["total"] == 5
    assert {item["conversationId"] for item in everything["items"]} == {
        *mine,
        support["conversationId"],
    }
    page = (await client.get("/v1/conversations", params={"limit": 2, "offset": 4})).json()
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (5, 2, 4, 1)
    supports = (await client.get("/v1/conversations", params={"category": "support"})).json()
    assert [item["conversationId"] for item in supports["items"]] == [support["conversationId"]]
    bobs = (await client.get("/v1/conversations", headers=AS_BOB)).json()
    assert bobs["total"] == 1

    await client.patch(f"/v1/conversations/{mine[0]}", json={"status": "paused"})
    paused = (await client.get("/v1/conversations", params={"status": "paused"})).json()
    assert [item["conversationId"] for item in paused["items"]] == [mine[0]]
    for bad in ({"status": "gone"}, {"category": "x"}, {"limit": 0}, {"limit": 101}):
        assert (await client.get("/v1/conversations", params=bad)).status_code == 422


async def test_get_pages_messages_newest_first(client: httpx.AsyncClient) -> None:
    conversation_id = (await create(client))["conversationId"]
    for index in range(3):
        assert (await say(client, conversation_id, f"question {index}")).status_code == 201

    default = (await client.get(f"/v1/conversations/{conversation_id}")).json()
    assert default["messageCount"] == 6
    assert [m["content"] for m in default["messages"]][::2] == [
        "question 0",
        "question 1",
        "question 2",
    ]
    assert default["analytics"]["totalMessages"] == 6
    assert default["duration"] >= 0
    assert default["engagementScore"] >= 12  # min(6*2, 50) + hours + 0

    newest = (await client.get(f"/v1/conversations/{conversation_id}", params={"limit": 2})).json()
    assert [m["content"] for m in newest["messages"]] == ["question 2", ACKNOWLEDGEMENT]
    older = (
        await client.get(f"/v1/conversations/{conversation_id}", params={"limit": 2, "offset": 2})
    ).json()
    assert [m["content"] for m in older["messages"]] == ["question 1", ACKNOWLEDGEMENT]
    assert (older["messagesOffset"], older["messagesLimit"], older["messageCount"]) == (2, 2, 6)
    beyond = (await client.get(f"/v1/conversations/{conversation_id}", params={"offset": 6})).json()
    assert beyond["messages"] == []


async def test_node_document_reads_without_errors(client: httpx.AsyncClient, db: Database) -> None:
    await db["conversations"].insert_one(node_conversation())
    response = await client.get("/v1/conversations/conv_node_1")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["messageCount"] == 3
    assert body["__v"] == 4
    assert isinstance(body["legacyTopLevel"]["ref"], str)  # an ObjectId, rendered as text
    assert isinstance(body["messages"][0]["_id"], str)
    # min(3*2, 50) + min(hours since Nov 1, 25) + 0.8*25
    assert body["engagementScore"] == pytest.approx(6 + 25 + 20)
    listed = (await client.get("/v1/conversations")).json()
    assert listed["items"][0]["conversationId"] == "conv_node_1"


# --- ownership and ids ----------------------------------------------------------------


async def test_another_users_conversation_is_404_everywhere(
    client: httpx.AsyncClient, db: Database
) -> None:
    conversation_id = (await create(client, metadata={"title": "Private Puno plans"}))[
        "conversationId"
    ]
    reply = (await say(client, conversation_id, "hi")).json()["reply"]
    before = await stored(db, conversation_id)
    path = f"/v1/conversations/{conversation_id}"
    attempts = [
        client.get(path, headers=AS_BOB),
        client.patch(path, json={"status": "cancelled"}, headers=AS_BOB),
        client.patch(path, json={"metadata": {"title": "mine"}}, headers=AS_BOB),
        client.post(f"{path}/messages", json={"content": "hello"}, headers=AS_BOB),
        client.post(
            f"{path}/messages/{reply['messageId']}/feedback",
            json={"rating": 1},
            headers=AS_BOB,
        ),
    ]
    for response in await asyncio.gather(*attempts):
        assert response.status_code == 404
        assert response.json() == {
            "error": "not_found",
            "detail": f"conversation {conversation_id} not found",
        }
    missing = await client.get("/v1/conversations/conv_doesnotexist")
    assert missing.json()["detail"] == "conversation conv_doesnotexist not found"
    search = await client.get("/v1/conversations/search", params={"q": "puno"}, headers=AS_BOB)
    assert search.json()["total"] == 0
    assert await stored(db, conversation_id) == before


@pytest.mark.parametrize("bad_id", ['{"$gt": ""}', "$where", "conv.1", "a" * 65, "conv 1"])
async def test_operator_shaped_ids_are_rejected(
    client: httpx.AsyncClient, db: Database, bad_id: str
) -> None:
    conversation_id = (await create(client))["conversationId"]
    responses = [
        await client.get(f"/v1/conversations/{bad_id}"),
        await client.patch(f"/v1/conversations/{bad_id}", json={"status": "paused"}),
        await client.post(f"/v1/conversations/{bad_id}/messages", json={"content": "x"}),
        await client.post(
            f"/v1/conversations/{conversation_id}/messages/{bad_id}/feedback",
            json={"rating": 3},
        ),
    ]
    for response in responses:
        assert response.status_code == 400
        assert response.json()["detail"].endswith("id is not a well-formed id")
    assert (await stored(db, conversation_id))["status"] == "active"


# --- update ---------------------------------------------------------------------------


async def test_patch_metadata_and_status(client: httpx.AsyncClient, db: Database) -> None:
    conversation_id = (await create(client, metadata={"description": "keep"}))["conversationId"]
    path = f"/v1/conversations/{conversation_id}"
    patched = await client.patch(path, json={"metadata": {"title": "Lima food tour"}})
    assert patched.status_code == 200
    assert patched.json()["metadata"] == {
        "title": "Lima food tour",
        "description": "keep",
        "tags": [],
        "category": "planning",
        "priority": "normal",
        "language": "en",
        "timezone": None,
    }
    completed = (await client.patch(path, json={"status": "completed"})).json()
    assert completed["status"] == "completed"
    assert completed["completedAt"] is not None
    assert (await history_entry(db, ALICE.uid, conversation_id))["status"] == "completed"

    illegal = await client.patch(path, json={"status": "active", "metadata": {"title": "no"}})
    assert illegal.status_code == 409
    assert illegal.json() == {
        "error": "conflict",
        "detail": "a conversation cannot move from 'completed' to 'active'",
    }
    assert (await stored(db, conversation_id))["metadata"]["title"] == "Lima food tour"

    archived = (await client.patch(path, json={"status": "archived"})).json()
    assert archived["archivedAt"] is not None
    assert archived["completedAt"] == completed["completedAt"]


async def test_cancel_is_recorded_in_history_as_archived(
    client: httpx.AsyncClient, db: Database
) -> None:
    conversation_id = (await create(client))["conversationId"]
    response = await client.patch(
        f"/v1/conversations/{conversation_id}", json={"status": "cancelled"}
    )
    assert response.json()["status"] == "cancelled"
    assert (await history_entry(db, ALICE.uid, conversation_id))["status"] == "archived"


@pytest.mark.parametrize(
    "body", [{}, {"metadata": {}}, {"status": "deleted"}, {"title": "flat"}, {"metadata": None}]
)
async def test_patch_rejects_empty_or_bad_bodies(
    client: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    conversation_id = (await create(client))["conversationId"]
    response = await client.patch(f"/v1/conversations/{conversation_id}", json=body)
    assert response.status_code == 422


# --- messages -------------------------------------------------------------------------


async def test_post_message_stores_the_message_and_the_reply_atomically(
    client: httpx.AsyncClient, db: Database
) -> None:
    conversation_id = (await create(client))["conversationId"]
    response = await say(client, conversation_id, "   Two nights in Arequipa, please.  \n")
    assert response.status_code == 201
    body = response.json()
    assert body["userMessage"]["content"] == "Two nights in Arequipa, please."
    assert body["userMessage"]["type"] == "user"
    assert body["reply"]["type"] == "ai"
    assert body["reply"]["aiMetadata"]["provider"] == "wayra"
    assert body["conversation"]["messageCount"] == 2
    document = await stored(db, conversation_id)
    assert [m["messageId"] for m in document["messages"]] == [
        body["userMessage"]["messageId"],
        body["reply"]["messageId"],
    ]
    assert document["analytics"] == {"totalMessages": 2, "userMessages": 1, "aiMessages": 1}
    entry = await history_entry(db, ALICE.uid, conversation_id)
    assert entry["messageCount"] == 2
    assert entry["lastActivity"] == document["lastActivity"]


@pytest.mark.parametrize("content", ["x" * 8001, "", "   \n\t ", None, 42, ["hello"], {"$gt": ""}])
async def test_bad_message_content_is_422_and_nothing_is_written(
    client: httpx.AsyncClient, db: Database, content: Any
) -> None:
    conversation_id = (await create(client))["conversationId"]
    before = await stored(db, conversation_id)
    response = await client.post(
        f"/v1/conversations/{conversation_id}/messages", json={"content": content}
    )
    assert response.status_code == 422
    assert await stored(db, conversation_id) == before


async def test_exactly_8000_characters_is_accepted(client: httpx.AsyncClient) -> None:
    conversation_id = (await create(client))["conversationId"]
    response = await say(client, conversation_id, "x" * 8000 + "   ")
    assert response.status_code == 201
    assert len(response.json()["userMessage"]["content"]) == 8000


async def test_messages_to_a_closed_conversation_conflict(
    client: httpx.AsyncClient, db: Database
) -> None:
    conversation_id = (await create(client))["conversationId"]
    await client.patch(f"/v1/conversations/{conversation_id}", json={"status": "cancelled"})
    response = await say(client, conversation_id, "still there?")
    assert response.status_code == 409
    assert (await stored(db, conversation_id))["messages"] == []


async def test_a_message_resumes_a_paused_conversation(client: httpx.AsyncClient) -> None:
    conversation_id = (await create(client))["conversationId"]
    await client.patch(f"/v1/conversations/{conversation_id}", json={"status": "paused"})
    response = await say(client, conversation_id, "back again")
    assert response.json()["conversation"]["status"] == "active"


async def test_concurrent_posts_keep_counts_and_history_exact(
    client: httpx.AsyncClient, db: Database
) -> None:
    conversation_id = (await create(client))["conversationId"]
    responses = await asyncio.gather(
        *(say(client, conversation_id, f"message {index}") for index in range(8))
    )
    assert all(response.status_code == 201 for response in responses)
    document = await stored(db, conversation_id)
    assert len(document["messages"]) == 16
    assert document["analytics"] == {"totalMessages": 16, "userMessages": 8, "aiMessages": 8}
    # Each turn's user message is directly followed by its own reply.
    ids = [m["messageId"] for m in document["messages"]]
    for response in responses:
        body = response.json()
        position = ids.index(body["userMessage"]["messageId"])
        assert ids[position + 1] == body["reply"]["messageId"]
    counts = sorted(response.json()["conversation"]["messageCount"] for response in responses)
    assert counts == list(range(2, 17, 2))  # each turn saw its own atomic result
    # The history entry holds what the last history write carried (see the report's note).
    entry = await history_entry(db, ALICE.uid, conversation_id)
    assert entry["messageCount"] in counts


async def test_node_document_keeps_its_fields_through_the_api(
    client: httpx.AsyncClient, db: Database
) -> None:
    original = node_conversation()
    await db["conversations"].insert_one(dict(original))
    assert (await say(client, "conv_node_1", "hola")).status_code == 201
    assert (
        await client.patch("/v1/conversations/conv_node_1", json={"metadata": {"title": "New"}})
    ).status_code == 200
    feedback = await client.post(
        "/v1/conversations/conv_node_1/messages/msg_node_1/feedback", json={"helpful": True}
    )
    assert feedback.status_code == 200
    document = await stored(db, "conv_node_1")
    assert document["__v"] == 4
    assert document["legacyTopLevel"] == original["legacyTopLevel"]
    assert document["metadata"]["nodeOnly"] == "metadata-extra"
    assert document["context"]["nodeContextField"] == "context-extra"
    assert document["messages"][0]["nodeMessageField"] == {"index": 0}
    assert document["messages"][1]["userInteraction"]["feedback"] == {"helpful": True}
    assert document["analytics"]["totalMessages"] == len(document["messages"]) == 5
    assert document["analytics"]["engagement"]["userSatisfaction"] == 0.8


# --- the reply hook -------------------------------------------------------------------


async def test_an_installed_reply_producer_shares_the_atomic_append(
    app: FastAPI, client: httpx.AsyncClient, db: Database
) -> None:
    seen: list[tuple[int, str, str]] = []

    async def planner_reply(
        conversation: Conversation, user_message: Message, user: UserDocument, sink: object = None
    ) -> Turn:
        seen.append((len(conversation.messages), user_message.content, user.uid))
        turn = await acknowledge(conversation, user_message, user)
        return Turn(
            reply=turn.reply,
            set_fields={"context.currentPhase": Phase.PLANNING},
            inc_fields={"analytics.totalCost": 0.001},
            user_analysis={"intent": {"primary": "plan_trip", "confidence": 0.9}},
            summary=f"{len(conversation.messages)} recent messages",
        )

    app.state.resources.extras["reply_producer"] = planner_reply
    conversation_id = (await create(client))["conversationId"]
    for index in range(12):
        await say(client, conversation_id, f"turn {index}")
    assert seen[0] == (0, "turn 0", ALICE.uid)
    assert seen[-1] == (20, "turn 11", ALICE.uid)  # only recent messages, never all of them
    document = await stored(db, conversation_id)
    assert document["context"]["currentPhase"] == "planning"
    assert document["analytics"]["totalCost"] == pytest.approx(0.012)
    assert document["analytics"]["totalMessages"] == 24
    assert document["messages"][-2]["analysis"]["intent"] == {
        "primary": "plan_trip",
        "secondary": [],
        "confidence": 0.9,
    }
    assert "analysis" not in document["messages"][-1]
    assert (await history_entry(db, ALICE.uid, conversation_id))["summary"] == "20 recent messages"


async def test_a_failing_reply_producer_writes_nothing(
    app: FastAPI, client: httpx.AsyncClient, db: Database
) -> None:
    async def over_quota(
        conversation: Conversation, user_message: Message, user: UserDocument, sink: object = None
    ) -> Turn:
        raise TooManyRequests("monthly conversations used up", retry_after_seconds=60)

    app.state.resources.extras["reply_producer"] = over_quota
    conversation_id = (await create(client))["conversationId"]
    response = await say(client, conversation_id, "plan my trip")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "60"
    document = await stored(db, conversation_id)
    assert document["messages"] == []
    assert document["analytics"]["totalMessages"] == 0


# --- feedback -------------------------------------------------------------------------


async def test_feedback_on_a_reply(client: httpx.AsyncClient, db: Database) -> None:
    conversation_id = (await create(client))["conversationId"]
    reply = (await say(client, conversation_id, "hi")).json()["reply"]
    path = f"/v1/conversations/{conversation_id}/messages/{reply['messageId']}/feedback"
    response = await client.post(path, json={"rating": 5, "helpful": True, "comment": " ok "})
    assert response.status_code == 200
    assert response.json() == {
        "conversationId": conversation_id,
        "messageId": reply["messageId"],
        "feedback": {"helpful": True, "rating": 5, "comment": "ok"},
    }
    document = await stored(db, conversation_id)
    assert document["messages"][1]["userInteraction"]["feedback"]["rating"] == 5


@pytest.mark.parametrize(
    "body", [{"rating": 0}, {"rating": 6}, {"rating": 2.5}, {}, {"rating": "five"}, {"x": 1}]
)
async def test_bad_feedback_is_422(
    client: httpx.AsyncClient, db: Database, body: dict[str, Any]
) -> None:
    conversation_id = (await create(client))["conversationId"]
    reply = (await say(client, conversation_id, "hi")).json()["reply"]
    path = f"/v1/conversations/{conversation_id}/messages/{reply['messageId']}/feedback"
    assert (await client.post(path, json=body)).status_code == 422
    document = await stored(db, conversation_id)
    assert "userInteraction" not in document["messages"][1]


async def test_feedback_on_an_unknown_message_is_404(client: httpx.AsyncClient) -> None:
    conversation_id = (await create(client))["conversationId"]
    response = await client.post(
        f"/v1/conversations/{conversation_id}/messages/msg_unknown/feedback", json={"rating": 3}
    )
    assert response.status_code == 404
    assert "msg_unknown" in response.json()["detail"]


# --- search ---------------------------------------------------------------------------


async def test_search_own_conversations_by_title_and_message(
    client: httpx.AsyncClient,
) -> None:
    by_title = (await create(client, metadata={"title": "Colca canyon trek"}))["conversationId"]
    by_message = (await create(client))["conversationId"]
    await say(client, by_message, "Is the Colca condor viewpoint worth it?")
    other = (await create(client))["conversationId"]
    await say(client, other, "Beaches in Máncora")
    bobs = (await client.post("/v1/conversations", json={}, headers=AS_BOB)).json()
    await client.post(
        f"/v1/conversations/{bobs['conversationId']}/messages",
        json={"content": "colca"},
        headers=AS_BOB,
    )

    found = (await client.get("/v1/conversations/search", params={"q": "colca"})).json()
    assert found["total"] == 2
    assert {item["conversationId"] for item in found["items"]} == {by_title, by_message}
    assert found["items"][0]["conversationId"] == by_message  # most recently active
    paged = (await client.get("/v1/conversations/search", params={"q": "colca", "limit": 1})).json()
    assert (paged["total"], len(paged["items"])) == (2, 1)
    for params in ({}, {"q": ""}, {"q": "x" * 201}):
        assert (await client.get("/v1/conversations/search", params=params)).status_code == 422
