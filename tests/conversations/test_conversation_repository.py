"""The repository against the real MongoDB-wire server: indexes, reads, atomic writes."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from conversation_data import ALICE, BOB, node_conversation

from wayra_ai.conversations import repository, search
from wayra_ai.conversations.models import (
    Category,
    Conversation,
    ConversationMetadata,
    ConversationStatus,
    Feedback,
    Message,
    MessageType,
    Phase,
)
from wayra_ai.conversations.repository import ConversationRepository
from wayra_ai.errors import Conflict, NotFound
from wayra_ai.kit.ids import new_id
from wayra_ai.storage.mongo import Database

Status = ConversationStatus


def message(kind: MessageType, content: str = "hello") -> Message:
    return Message(message_id=new_id("msg"), type=kind, content=content)


async def new_conversation(
    repo: ConversationRepository, user_id: str = ALICE.uid, **fields: Any
) -> Conversation:
    conversation = Conversation(conversation_id=new_id("conv"), user_id=user_id, **fields)
    await repo.create(conversation)
    return conversation


async def raw(db: Database, conversation_id: str) -> dict[str, Any]:
    document = await db["conversations"].find_one({"conversationId": conversation_id})
    assert document is not None
    return document


# --- indexes --------------------------------------------------------------------------


async def test_ensure_indexes_creates_every_seed_index_and_is_idempotent(db: Database) -> None:
    await repository.ensure_indexes(db)
    await repository.ensure_indexes(db)
    cursor = await db["conversations"].list_indexes()
    indexes = {index["name"]: index async for index in cursor}
    assert set(indexes) == {
        "_id_",
        "conversationId_1",
        "userId_1",
        "tripId_1",
        "userId_1_status_1",
        "metadata.category_1",
        "createdAt_-1",
        "lastActivity_-1",
        "messages.timestamp_-1",
        "context.currentPhase_1",
        "status_1_lastActivity_-1",
        "userId_1_metadata.category_1_status_1",
        "tripId_1_status_1_lastActivity_-1",
        "messages.content_text_metadata.title_text_metadata.description_text",
    }
    assert indexes["conversationId_1"].get("unique") is True


async def test_conversation_id_is_unique(repo: ConversationRepository) -> None:
    first = await new_conversation(repo)
    with pytest.raises(Exception, match=r"duplicate key|E11000"):
        await repo.create(Conversation(conversation_id=first.conversation_id, user_id=BOB.uid))


async def test_an_index_the_node_app_made_differently_is_kept(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    await db["conversations"].create_index("conversationId")  # mongoose's plain duplicate
    with caplog.at_level(logging.WARNING, logger="wayra_ai.conversations.repository"):
        await repository.ensure_indexes(db)
    assert "conversationId_1 already exists with other options" in caplog.text
    cursor = await db["conversations"].list_indexes()
    indexes = {index["name"]: index async for index in cursor}
    assert not indexes["conversationId_1"].get("unique")
    assert "messages.content_text_metadata.title_text_metadata.description_text" in indexes


# --- reads ----------------------------------------------------------------------------


async def test_create_then_get_round_trips(repo: ConversationRepository, db: Database) -> None:
    created = await new_conversation(
        repo,
        trip_id="65f0a1b2c3d4e5f601234567",
        metadata=ConversationMetadata(title="Lima", category=Category.BOOKING),
    )
    stored = await raw(db, created.conversation_id)
    assert stored["status"] == "active"
    assert stored["metadata"]["category"] == "booking"
    assert str(stored["tripId"]) == "65f0a1b2c3d4e5f601234567"
    assert stored["analytics"]["totalMessages"] == 0
    again = await repo.get(created.conversation_id, ALICE.uid)
    assert again == created


async def test_another_users_conversation_is_not_found(repo: ConversationRepository) -> None:
    mine = await new_conversation(repo)
    with pytest.raises(NotFound):
        await repo.get(mine.conversation_id, BOB.uid)
    with pytest.raises(NotFound):
        await repo.get_recent(mine.conversation_id, BOB.uid, 5)
    with pytest.raises(NotFound):
        await repo.get_page(mine.conversation_id, BOB.uid, offset=0, limit=5)
    with pytest.raises(NotFound):
        await repo.append_messages(mine.conversation_id, BOB.uid, [message(MessageType.USER)])
    with pytest.raises(NotFound):
        await repo.update(mine.conversation_id, BOB.uid, metadata={"title": "mine now"})
    with pytest.raises(NotFound):
        await repo.update(mine.conversation_id, BOB.uid, status=Status.PAUSED)
    with pytest.raises(NotFound):
        await repo.get("conv_missing", ALICE.uid)
    assert (await repo.get(mine.conversation_id, ALICE.uid)).metadata.title is None


async def test_get_recent_slices_the_newest_messages(repo: ConversationRepository) -> None:
    conversation = await new_conversation(repo)
    sent = [message(MessageType.USER, f"m{index}") for index in range(12)]
    for start in range(0, 12, 4):
        await repo.append_messages(conversation.conversation_id, ALICE.uid, sent[start : start + 4])
    recent = await repo.get_recent(conversation.conversation_id, ALICE.uid, 3)
    assert [m.content for m in recent.messages] == ["m9", "m10", "m11"]
    assert recent.analytics.total_messages == 12


async def test_get_page_counts_from_the_newest(repo: ConversationRepository) -> None:
    conversation = await new_conversation(repo)
    await repo.append_messages(
        conversation.conversation_id,
        ALICE.uid,
        [message(MessageType.USER, f"m{index}") for index in range(7)],
    )

    async def page(offset: int, limit: int) -> list[str]:
        found, count = await repo.get_page(
            conversation.conversation_id, ALICE.uid, offset=offset, limit=limit
        )
        assert count == 7
        return [m.content for m in found.messages]

    assert await page(0, 3) == ["m4", "m5", "m6"]
    assert await page(3, 3) == ["m1", "m2", "m3"]
    assert await page(6, 3) == ["m0"]
    assert await page(7, 3) == []
    assert await page(5, 100) == ["m0", "m1"]
    assert await page(0, 100) == [f"m{index}" for index in range(7)]


async def test_list_is_own_filtered_newest_first_and_paginated(
    repo: ConversationRepository,
) -> None:
    ids = []
    for index in range(5):
        category = Category.SUPPORT if index % 2 else Category.PLANNING
        created = await new_conversation(repo, metadata=ConversationMetadata(category=category))
        ids.append(created.conversation_id)
    await new_conversation(repo, user_id=BOB.uid)
    await repo.append_messages(ids[1], ALICE.uid, [message(MessageType.USER)])  # now the newest
    await repo.update(ids[2], ALICE.uid, status=Status.PAUSED)

    everything, total = await repo.list_for_user(ALICE.uid, limit=100)
    assert total == 5
    assert everything[0].conversation_id == ids[2]
    assert everything[1].conversation_id == ids[1]
    assert all(c.messages == [] for c in everything)
    assert [c.last_activity for c in everything] == sorted(
        (c.last_activity for c in everything), reverse=True
    )

    first, total = await repo.list_for_user(ALICE.uid, offset=0, limit=2)
    second, _ = await repo.list_for_user(ALICE.uid, offset=2, limit=2)
    third, _ = await repo.list_for_user(ALICE.uid, offset=4, limit=2)
    paged = [c.conversation_id for c in first + second + third]
    assert paged == [c.conversation_id for c in everything]
    assert len(third) == 1

    support, total = await repo.list_for_user(ALICE.uid, category=Category.SUPPORT)
    assert total == 2
    assert {c.conversation_id for c in support} == {ids[1], ids[3]}
    paused, total = await repo.list_for_user(ALICE.uid, status=Status.PAUSED)
    assert [c.conversation_id for c in paused] == [ids[2]]
    assert total == 1


# --- appends --------------------------------------------------------------------------


async def test_append_counts_exactly_and_moves_last_activity(
    repo: ConversationRepository, db: Database
) -> None:
    conversation = await new_conversation(repo)
    before = (await raw(db, conversation.conversation_id))["lastActivity"]
    await asyncio.sleep(0.01)
    after = await repo.append_messages(
        conversation.conversation_id,
        ALICE.uid,
        [message(MessageType.USER), message(MessageType.AI), message(MessageType.SYSTEM)],
    )
    assert after.last_activity > before
    await repo.append_messages(
        conversation.conversation_id,
        ALICE.uid,
        [message(MessageType.AGENT), message(MessageType.USER)],
    )
    stored = await raw(db, conversation.conversation_id)
    types = [m["type"] for m in stored["messages"]]
    assert stored["analytics"]["totalMessages"] == len(types) == 5
    assert stored["analytics"]["userMessages"] == types.count("user") == 2
    assert stored["analytics"]["aiMessages"] == types.count("ai") == 1
    assert all("_id" in m for m in stored["messages"])  # as mongoose gives subdocuments
    assert stored["messages"][0]["status"] == "completed"
    assert stored["messages"][0]["retryCount"] == 0


async def test_concurrent_appends_keep_counts_exact(
    repo: ConversationRepository, db: Database
) -> None:
    conversation = await new_conversation(repo)
    turns = [
        [message(MessageType.USER, f"u{index}"), message(MessageType.AI, f"a{index}")]
        for index in range(20)
    ]
    await asyncio.gather(
        *(repo.append_messages(conversation.conversation_id, ALICE.uid, turn) for turn in turns)
    )
    stored = await raw(db, conversation.conversation_id)
    types = [m["type"] for m in stored["messages"]]
    assert len(types) == 40
    assert stored["analytics"] == {"totalMessages": 40, "userMessages": 20, "aiMessages": 20}
    assert len({m["messageId"] for m in stored["messages"]}) == 40


async def test_append_applies_extra_set_and_inc_in_the_same_update(
    repo: ConversationRepository, db: Database
) -> None:
    conversation = await new_conversation(repo)
    after = await repo.append_messages(
        conversation.conversation_id,
        ALICE.uid,
        [message(MessageType.USER), message(MessageType.AI)],
        set_fields={
            "context.currentPhase": Phase.PLANNING,
            "context.extractedPreferences.budget.total": 900,
        },
        inc_fields={"analytics.totalCost": 0.25, "analytics.totalProcessingTime": 120},
    )
    assert after.context.current_phase is Phase.PLANNING
    assert after.analytics.total_cost == pytest.approx(0.25)
    assert after.messages == []  # a write result never carries the history
    await repo.append_messages(
        conversation.conversation_id,
        ALICE.uid,
        [message(MessageType.USER)],
        inc_fields={"analytics.totalCost": 0.5},
    )
    stored = await raw(db, conversation.conversation_id)
    assert stored["analytics"]["totalCost"] == pytest.approx(0.75)
    assert stored["context"]["extractedPreferences"]["budget"]["total"] == 900
    assert stored["analytics"]["totalMessages"] == 3


@pytest.mark.parametrize(
    ("set_fields", "inc_fields"),
    [
        ({"analytics.totalMessages": 0}, {}),
        ({}, {"analytics.userMessages": 1}),
        ({"messages": []}, {}),
        ({"lastActivity": None}, {}),
        ({"analytics": {}}, {}),
        ({"$where": "1"}, {}),
        ({"analytics.totalCost": 1}, {"analytics.totalCost": 1}),
    ],
)
async def test_append_refuses_extra_paths_it_owns(
    repo: ConversationRepository,
    db: Database,
    set_fields: dict[str, Any],
    inc_fields: dict[str, Any],
) -> None:
    conversation = await new_conversation(repo)
    with pytest.raises(ValueError, match="'"):
        await repo.append_messages(
            conversation.conversation_id,
            ALICE.uid,
            [message(MessageType.USER)],
            set_fields=set_fields,
            inc_fields=inc_fields,
        )
    assert (await raw(db, conversation.conversation_id))["messages"] == []


async def test_append_resumes_a_paused_and_refuses_a_closed_conversation(
    repo: ConversationRepository, db: Database
) -> None:
    conversation = await new_conversation(repo)
    await repo.update(conversation.conversation_id, ALICE.uid, status=Status.PAUSED)
    after = await repo.append_messages(
        conversation.conversation_id, ALICE.uid, [message(MessageType.USER)]
    )
    assert after.status is Status.ACTIVE
    await repo.update(conversation.conversation_id, ALICE.uid, status=Status.COMPLETED)
    with pytest.raises(Conflict, match="completed"):
        await repo.append_messages(
            conversation.conversation_id, ALICE.uid, [message(MessageType.USER)]
        )
    assert (await raw(db, conversation.conversation_id))["analytics"]["totalMessages"] == 1


# --- status and metadata --------------------------------------------------------------

LEGAL = [
    (Status.ACTIVE, Status.PAUSED),
    (Status.PAUSED, Status.ACTIVE),
    (Status.ACTIVE, Status.COMPLETED),
    (Status.PAUSED, Status.COMPLETED),
    (Status.COMPLETED, Status.ARCHIVED),
    (Status.ACTIVE, Status.CANCELLED),
    (Status.PAUSED, Status.CANCELLED),
]
ILLEGAL = [
    (source, target)
    for source in Status
    for target in Status
    if source != target and (source, target) not in LEGAL
]


@pytest.mark.parametrize(("source", "target"), LEGAL)
async def test_legal_transitions(
    repo: ConversationRepository, db: Database, source: Status, target: Status
) -> None:
    conversation = await new_conversation(repo, status=source)
    after = await repo.update(conversation.conversation_id, ALICE.uid, status=target)
    assert after.status is target
    stored = await raw(db, conversation.conversation_id)
    assert stored["status"] == target.value
    assert ("completedAt" in stored) == (target is Status.COMPLETED)
    assert ("archivedAt" in stored) == (target is Status.ARCHIVED)


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
async def test_illegal_transitions_conflict_naming_both_states(
    repo: ConversationRepository, db: Database, source: Status, target: Status
) -> None:
    conversation = await new_conversation(repo, status=source)
    with pytest.raises(Conflict) as raised:
        await repo.update(
            conversation.conversation_id, ALICE.uid, status=target, metadata={"title": "no"}
        )
    assert f"'{source}'" in raised.value.message
    assert f"'{target}'" in raised.value.message
    stored = await raw(db, conversation.conversation_id)
    assert stored["status"] == source.value
    assert "title" not in stored["metadata"]  # nothing half-written


async def test_lifecycle_stamps_completed_then_archived(
    repo: ConversationRepository, db: Database
) -> None:
    conversation = await new_conversation(repo)
    completed = await repo.update(conversation.conversation_id, ALICE.uid, status=Status.COMPLETED)
    archived = await repo.update(conversation.conversation_id, ALICE.uid, status=Status.ARCHIVED)
    assert completed.completed_at is not None
    assert archived.completed_at == completed.completed_at
    assert archived.archived_at is not None
    assert archived.archived_at >= completed.completed_at


async def test_concurrent_transitions_from_one_state_let_exactly_one_win(
    repo: ConversationRepository,
) -> None:
    conversation = await new_conversation(repo, status=Status.COMPLETED)
    # completed → archived is legal once; afterwards archived → archived is a no-op.
    results = await asyncio.gather(
        repo.update(conversation.conversation_id, ALICE.uid, status=Status.ARCHIVED),
        repo.update(conversation.conversation_id, ALICE.uid, status=Status.ARCHIVED),
        return_exceptions=True,
    )
    assert all(isinstance(result, Conversation) for result in results)
    stamps = {result.archived_at for result in results if isinstance(result, Conversation)}
    assert len(stamps) == 1  # the second did not re-stamp archivedAt

    racing = await new_conversation(repo)
    outcomes = await asyncio.gather(
        repo.update(racing.conversation_id, ALICE.uid, status=Status.CANCELLED),
        repo.update(racing.conversation_id, ALICE.uid, status=Status.COMPLETED),
        return_exceptions=True,
    )
    assert sum(isinstance(outcome, Conflict) for outcome in outcomes) == 1


async def test_same_status_changes_nothing(repo: ConversationRepository, db: Database) -> None:
    conversation = await new_conversation(repo, status=Status.COMPLETED)
    first = await repo.update(conversation.conversation_id, ALICE.uid, status=Status.COMPLETED)
    assert first.completed_at is None  # created completed without a stamp; not re-stamped


async def test_metadata_update_sets_only_the_given_fields(
    repo: ConversationRepository, db: Database
) -> None:
    conversation = await new_conversation(
        repo, metadata=ConversationMetadata(title="old", description="keep me")
    )
    after = await repo.update(
        conversation.conversation_id,
        ALICE.uid,
        metadata={"title": "Cusco in May", "tags": ["peru", "budget"], "priority": "high"},
    )
    assert after.metadata.title == "Cusco in May"
    assert after.metadata.description == "keep me"
    assert after.metadata.tags == ["peru", "budget"]
    assert after.last_activity > conversation.last_activity


# --- feedback -------------------------------------------------------------------------


async def test_feedback_lands_on_the_one_message(
    repo: ConversationRepository, db: Database
) -> None:
    conversation = await new_conversation(repo)
    question, answer = message(MessageType.USER), message(MessageType.AI)
    await repo.append_messages(conversation.conversation_id, ALICE.uid, [question, answer])
    await repo.set_feedback(
        conversation.conversation_id,
        ALICE.uid,
        answer.message_id,
        Feedback(helpful=True, rating=4, comment="great"),
    )
    stored = await raw(db, conversation.conversation_id)
    assert "userInteraction" not in stored["messages"][0]
    assert stored["messages"][1]["userInteraction"]["feedback"] == {
        "helpful": True,
        "rating": 4,
        "comment": "great",
    }


async def test_feedback_on_unknown_message_or_foreign_conversation_is_not_found(
    repo: ConversationRepository,
) -> None:
    conversation = await new_conversation(repo)
    answer = message(MessageType.AI)
    await repo.append_messages(conversation.conversation_id, ALICE.uid, [answer])
    with pytest.raises(NotFound, match="message"):
        await repo.set_feedback(
            conversation.conversation_id, ALICE.uid, "msg_nope", Feedback(rating=3)
        )
    with pytest.raises(NotFound, match="conversation"):
        await repo.set_feedback(
            conversation.conversation_id, BOB.uid, answer.message_id, Feedback(rating=3)
        )


# --- the Node app's document ----------------------------------------------------------


async def test_node_document_keeps_every_field_through_our_writes(
    repo: ConversationRepository, db: Database
) -> None:
    original = node_conversation()
    await db["conversations"].insert_one(dict(original))
    conversation_id = original["conversationId"]

    await repo.append_messages(
        conversation_id,
        ALICE.uid,
        [message(MessageType.USER), message(MessageType.AI)],
        set_fields={"context.currentPhase": Phase.OPTIMIZATION},
    )
    await repo.update(conversation_id, ALICE.uid, metadata={"title": "Renamed"})
    await repo.set_feedback(conversation_id, ALICE.uid, "msg_node_1", Feedback(rating=5))
    await repo.update(conversation_id, ALICE.uid, status=Status.PAUSED)

    stored = await raw(db, conversation_id)
    assert stored["_id"] == original["_id"]
    assert stored["__v"] == 4
    assert stored["legacyTopLevel"] == original["legacyTopLevel"]
    assert stored["metadata"]["nodeOnly"] == "metadata-extra"
    assert stored["metadata"]["language"] == "es"
    assert stored["metadata"]["title"] == "Renamed"
    assert stored["context"]["nodeContextField"] == "context-extra"
    assert stored["context"]["extractedPreferences"] == original["context"]["extractedPreferences"]
    assert stored["context"]["currentPhase"] == "optimization"
    assert stored["analytics"]["engagement"] == original["analytics"]["engagement"]
    for before, after in zip(original["messages"], stored["messages"], strict=False):
        assert after["_id"] == before["_id"]
        assert after["nodeMessageField"] == before["nodeMessageField"]
        assert after["analysis"] == before["analysis"]
    assert stored["messages"][1]["userInteraction"]["feedback"] == {"rating": 5}
    assert stored["analytics"]["totalMessages"] == len(stored["messages"]) == 5
    assert stored["analytics"]["userMessages"] == 3
    assert stored["analytics"]["aiMessages"] == 2
    assert stored["status"] == "paused"

    read = await repo.get(conversation_id, ALICE.uid)
    assert read.model_extra is not None
    assert read.model_extra["__v"] == 4
    assert read.trip_id == original["tripId"]


# --- search ---------------------------------------------------------------------------


async def _searchable(repo: ConversationRepository) -> tuple[str, str, str]:
    by_title = await new_conversation(
        repo, metadata=ConversationMetadata(title="Sacred Valley weekend")
    )
    by_message = await new_conversation(repo)
    await repo.append_messages(
        by_message.conversation_id,
        ALICE.uid,
        [message(MessageType.USER, "Cheap hostels near Lake Titicaca?")],
    )
    bobs = await new_conversation(
        repo, user_id=BOB.uid, metadata=ConversationMetadata(title="Titicaca and the Valley")
    )
    await repo.append_messages(
        bobs.conversation_id, BOB.uid, [message(MessageType.USER, "titicaca hostels")]
    )
    return by_title.conversation_id, by_message.conversation_id, bobs.conversation_id


async def test_search_finds_titles_and_message_content_of_own_conversations_only(
    repo: ConversationRepository,
) -> None:
    by_title, by_message, _ = await _searchable(repo)
    found, total = await repo.search(ALICE.uid, "titicaca")
    assert [c.conversation_id for c in found] == [by_message]
    assert total == 1
    found, _ = await repo.search(ALICE.uid, "HOSTEL valley")  # any word, any case, prefix
    assert {c.conversation_id for c in found} == {by_title, by_message}
    assert all(c.messages == [] for c in found)
    found, total = await repo.search(BOB.uid, "sacred")
    assert (found, total) == ([], 0)
    assert await repo.search(ALICE.uid, "?!") == ([], 0)
    assert await repo.search(ALICE.uid, ".*") == ([], 0)  # words only, never a pattern


async def test_search_paginates(repo: ConversationRepository) -> None:
    for index in range(5):
        await new_conversation(repo, metadata=ConversationMetadata(title=f"Arequipa {index}"))
    first, total = await repo.search(ALICE.uid, "arequipa", offset=0, limit=3)
    rest, _ = await repo.search(ALICE.uid, "arequipa", offset=3, limit=3)
    assert total == 5
    assert len(first) == 3
    assert len(rest) == 2
    assert {c.conversation_id for c in first}.isdisjoint(c.conversation_id for c in rest)


async def test_the_text_index_query_runs_on_the_wire_server(
    repo: ConversationRepository, db: Database
) -> None:
    """MongoDB's branch ($text, textScore order) is accepted here too, for the fields mongoeco
    reads (it cannot project `$text` results, so this runs the filter and order alone)."""
    assert await search.text_index_reads_subdocuments(db) is False  # mongoeco's own limit
    by_title, _, _ = await _searchable(repo)
    search._text_index_reads_subdocuments[db.client] = True
    try:
        alice_filter, order = await search.filter_and_order(db, ALICE.uid, "sacred")
        bob_filter, _ = await search.filter_and_order(db, BOB.uid, "sacred")
    finally:
        del search._text_index_reads_subdocuments[db.client]
    assert "$text" in alice_filter
    assert order[0] == ("score", {"$meta": "textScore"})
    found = await db["conversations"].find(alice_filter).sort(order).to_list()
    assert [document["conversationId"] for document in found] == [by_title]
    assert await db["conversations"].find(bob_filter).to_list() == []


async def test_concurrent_appends_each_push_their_decision(
    repo: ConversationRepository, db: Database
) -> None:
    conversation = await new_conversation(repo)
    await asyncio.gather(
        *(
            repo.append_messages(
                conversation.conversation_id,
                ALICE.uid,
                [message(MessageType.USER, f"turn {index}")],
                push_fields={"context.decisions": {"question": f"q{index}"}},
            )
            for index in range(6)
        )
    )
    stored = await db.conversations.find_one({"conversationId": conversation.conversation_id})
    assert sorted(d["question"] for d in stored["context"]["decisions"]) == [
        f"q{index}" for index in range(6)
    ]
    with pytest.raises(ValueError, match="updated twice"):
        await repo.append_messages(
            conversation.conversation_id,
            ALICE.uid,
            [message(MessageType.USER)],
            set_fields={"context.decisions": []},
            push_fields={"context.decisions": {"question": "again"}},
        )
