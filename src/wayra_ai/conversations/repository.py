"""The only code that talks to the `conversations` collection.

Every write is partial (`$set`, `$inc`, `$push`) so fields the Node app owns survive, and
every write stamps `lastActivity` as the seed's `pre('save')` hook does. A conversation is
always looked up by (conversationId, userId): another user's conversation is simply not
found.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, IndexModel, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import OperationFailure

from wayra_ai.conversations import search
from wayra_ai.conversations.lifecycle import OPEN_STATUSES, STAMPED_AT, sources_of
from wayra_ai.conversations.models import (
    Category,
    Conversation,
    ConversationStatus,
    Feedback,
    Message,
    MessageType,
)
from wayra_ai.errors import Conflict, NotFound
from wayra_ai.kit.clock import utcnow
from wayra_ai.storage.mongo import Database

logger = logging.getLogger(__name__)

COLLECTION = "conversations"

# Every index the seed declares, under MongoDB's default names (as mongoose creates them).
INDEXES = [
    IndexModel([("conversationId", ASCENDING)], unique=True),
    IndexModel([("userId", ASCENDING)]),
    IndexModel([("tripId", ASCENDING)]),
    IndexModel([("userId", ASCENDING), ("status", ASCENDING)]),
    IndexModel([("metadata.category", ASCENDING)]),
    IndexModel([("createdAt", DESCENDING)]),
    IndexModel([("lastActivity", DESCENDING)]),
    IndexModel([("messages.timestamp", DESCENDING)]),
    IndexModel([("context.currentPhase", ASCENDING)]),
    IndexModel([("status", ASCENDING), ("lastActivity", DESCENDING)]),
    IndexModel([("userId", ASCENDING), ("metadata.category", ASCENDING), ("status", ASCENDING)]),
    IndexModel([("tripId", ASCENDING), ("status", ASCENDING), ("lastActivity", DESCENDING)]),
    IndexModel([(field, "text") for field in search.TEXT_FIELDS]),
]

# MongoDB's codes for "an index with this name or these keys exists with other options".
_INDEX_CONFLICT_CODES = {85, 86}

# Paths an append maintains itself; a caller's extra $set/$inc may not touch them.
_APPEND_OWNED_PATHS = (
    "_id",
    "conversationId",
    "userId",
    "messages",
    "status",
    "createdAt",
    "lastActivity",
    "analytics.totalMessages",
    "analytics.userMessages",
    "analytics.aiMessages",
)

# Write results never carry the message history.
_WITHOUT_MESSAGES = {"_id": 0, "messages": 0}

# Lists and search read only what a summary shows.
_SUMMARY_FIELDS = {
    "_id": 0,
    **dict.fromkeys(
        [
            "conversationId",
            "userId",
            "tripId",
            "metadata",
            "context.currentPhase",
            "analytics",
            "status",
            "createdAt",
            "lastActivity",
            "completedAt",
            "archivedAt",
        ],
        1,
    ),
}


async def ensure_indexes(db: Database) -> None:
    """Create this collection's indexes; idempotent, and tolerant of the Node app's own.

    mongoose may have created an index first under the same name with other options (the
    seed declares `conversationId` both unique and plain): that one is kept and logged.
    """
    collection = db[COLLECTION]
    for index in INDEXES:
        try:
            await collection.create_indexes([index])
        except OperationFailure as exc:
            if exc.code not in _INDEX_CONFLICT_CODES:
                raise
            logger.warning(
                "conversations index %s already exists with other options; kept as is",
                index.document["name"],
            )


def _paths_overlap(first: str, second: str) -> bool:
    return first == second or first.startswith(second + ".") or second.startswith(first + ".")


def _check_extra_update(*updates: Mapping[str, Any]) -> None:
    """A caller's extra $set/$inc/$push must not collide with the append's own paths or
    with each other."""
    paths = [path for update in updates for path in update]
    for index, path in enumerate(paths):
        for other in paths[index + 1 :]:
            if _paths_overlap(path, other):
                raise ValueError(f"'{path}' and '{other}' are updated twice")
    for path in paths:
        if path.startswith("$") or any(_paths_overlap(path, own) for own in _APPEND_OWNED_PATHS):
            raise ValueError(f"'{path}' is maintained by append_messages itself")


def _stored_message(message: Message) -> dict[str, Any]:
    """The message as mongoose stores a subdocument: with its own `_id`."""
    document = message.model_dump(by_alias=True, exclude_none=True)
    document.setdefault("_id", ObjectId())
    return document


class ConversationRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._collection: AsyncCollection[dict[str, Any]] = db[COLLECTION]

    # --- reads --------------------------------------------------------------------------

    async def get(self, conversation_id: str, user_id: str) -> Conversation:
        """The whole conversation; prefer `get_page` or `get_recent` for long histories."""
        document = await self._collection.find_one(
            {"conversationId": conversation_id, "userId": user_id}, {"_id": 0}
        )
        if document is None:
            raise self._not_found(conversation_id)
        return Conversation.model_validate(document)

    async def get_page(
        self, conversation_id: str, user_id: str, *, offset: int, limit: int
    ) -> tuple[Conversation, int]:
        """The conversation with one page of messages counted from the newest, and the count.

        `offset` skips the newest messages; the page keeps chronological order. Counting
        and slicing happen on the server, so only the page crosses the wire.
        """
        size = {"$size": {"$ifNull": ["$messages", []]}}
        start = {"$max": [0, {"$subtract": [size, offset + limit]}]}
        length = {"$min": [limit, {"$subtract": [size, offset]}]}
        page = {
            "$cond": [
                {"$gt": [length, 0]},
                {"$slice": [{"$ifNull": ["$messages", []]}, start, {"$max": [length, 1]}]},
                [],
            ]
        }
        pipeline: list[dict[str, Any]] = [
            {"$match": {"conversationId": conversation_id, "userId": user_id}},
            {"$limit": 1},
            {"$set": {"__messageCount": size, "messages": page}},
            {"$unset": "_id"},
        ]
        cursor = await self._collection.aggregate(pipeline)
        documents = await cursor.to_list(1)
        if not documents:
            raise self._not_found(conversation_id)
        document = documents[0]
        count = int(document.pop("__messageCount"))
        return Conversation.model_validate(document), count

    async def get_recent(self, conversation_id: str, user_id: str, last_n: int) -> Conversation:
        """The conversation with only its `last_n` newest messages (`$slice`), for a turn."""
        if last_n < 1:
            raise ValueError("last_n must be at least 1")
        document = await self._collection.find_one(
            {"conversationId": conversation_id, "userId": user_id},
            {"_id": 0, "messages": {"$slice": -last_n}},
        )
        if document is None:
            raise self._not_found(conversation_id)
        return Conversation.model_validate(document)

    async def list_for_user(
        self,
        user_id: str,
        *,
        status: ConversationStatus | None = None,
        category: Category | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> tuple[list[Conversation], int]:
        """The user's conversations without messages, most recently active first, and total."""
        query: dict[str, Any] = {"userId": user_id}
        if status is not None:
            query["status"] = status.value
        if category is not None:
            query["metadata.category"] = category.value
        total = await self._collection.count_documents(query)
        cursor = (
            self._collection.find(query, _SUMMARY_FIELDS)
            .sort([("lastActivity", DESCENDING), ("conversationId", ASCENDING)])
            .skip(offset)
            .limit(limit)
        )
        return [Conversation.model_validate(doc) async for doc in cursor], total

    async def search(
        self, user_id: str, query: str, *, offset: int = 0, limit: int = 20
    ) -> tuple[list[Conversation], int]:
        """The user's conversations matching `query`, best first (see `search` for how)."""
        if not search.words_of(query):
            return [], 0
        text_filter, order = await search.filter_and_order(self._db, user_id, query)
        total = await self._collection.count_documents(text_filter)
        cursor = (
            self._collection.find(text_filter, _SUMMARY_FIELDS)
            .sort([*order, ("conversationId", ASCENDING)])
            .skip(offset)
            .limit(limit)
        )
        return [Conversation.model_validate(document) async for document in cursor], total

    # --- writes -------------------------------------------------------------------------

    async def create(self, conversation: Conversation) -> None:
        await self._collection.insert_one(conversation.model_dump(by_alias=True, exclude_none=True))

    async def append_messages(
        self,
        conversation_id: str,
        user_id: str,
        messages: Sequence[Message],
        *,
        set_fields: Mapping[str, Any] | None = None,
        inc_fields: Mapping[str, Any] | None = None,
        push_fields: Mapping[str, Any] | None = None,
    ) -> Conversation:
        """Push `messages` and apply the seed's save-hook effects in ONE atomic update.

        `lastActivity` becomes now; `analytics.totalMessages`/`userMessages`/`aiMessages`
        grow by exactly the messages pushed of each type, so they keep equalling the array's
        counts even under concurrent appends; a paused conversation becomes active again.
        `set_fields`/`inc_fields`/`push_fields` are extra dotted-path `$set`/`$inc`/`$push`
        entries applied in the same update (e.g. `context.currentPhase`,
        `analytics.totalCost`, `context.decisions`). Returns the
        conversation as it is after the update, without its messages.
        Raises NotFound (missing or not the user's) or Conflict (not open for messages).
        """
        if not messages:
            raise ValueError("append_messages needs at least one message")
        extra_set = dict(set_fields or {})
        extra_inc = dict(inc_fields or {})
        extra_push = dict(push_fields or {})
        _check_extra_update(extra_set, extra_inc, extra_push)
        per_type = Counter(message.type for message in messages)
        update = {
            "$push": {
                **extra_push,
                "messages": {"$each": [_stored_message(m) for m in messages]},
            },
            "$set": {**extra_set, "lastActivity": utcnow(), "status": ConversationStatus.ACTIVE},
            "$inc": {
                **extra_inc,
                "analytics.totalMessages": len(messages),
                "analytics.userMessages": per_type[MessageType.USER],
                "analytics.aiMessages": per_type[MessageType.AI],
            },
        }
        document = await self._collection.find_one_and_update(
            {
                "conversationId": conversation_id,
                "userId": user_id,
                "status": {"$in": [status.value for status in OPEN_STATUSES]},
            },
            update,
            projection=_WITHOUT_MESSAGES,
            return_document=ReturnDocument.AFTER,
        )
        if document is None:
            current = await self._current_status(conversation_id, user_id)
            raise Conflict(
                f"conversation is {current}; messages can only be added to an active or"
                " paused conversation"
            )
        return Conversation.model_validate(document)

    async def update(
        self,
        conversation_id: str,
        user_id: str,
        *,
        metadata: Mapping[str, Any] | None = None,
        status: ConversationStatus | None = None,
    ) -> Conversation:
        """Set metadata fields and/or move the status, atomically; returns the result.

        `metadata` maps seed field names (`title`, `tags`, ...) to new values; other metadata
        fields are left alone. A status change is checked and set in one update whose filter
        requires a status the target may be reached from; an illegal move is a Conflict
        naming both states; asking for the current status changes nothing.
        """
        owned = {"conversationId": conversation_id, "userId": user_id}
        now = utcnow()
        changes: dict[str, Any] = {
            f"metadata.{name}": value for name, value in (metadata or {}).items()
        }
        changes["lastActivity"] = now
        if status is None:
            document = await self._set(owned, changes)
        else:
            sources = [source.value for source in sources_of(status)]
            stamp = {STAMPED_AT[status]: now} if status in STAMPED_AT else {}
            moved = {**changes, "status": status.value, **stamp}
            document = await self._set({**owned, "status": {"$in": sources}}, moved)
            if document is None:
                current = await self._current_status(conversation_id, user_id)
                if current != status:
                    raise Conflict(f"a conversation cannot move from '{current}' to '{status}'")
                document = await self._set({**owned, "status": status.value}, changes)
        if document is None:
            raise self._not_found(conversation_id)
        return Conversation.model_validate(document)

    async def set_feedback(
        self, conversation_id: str, user_id: str, message_id: str, feedback: Feedback
    ) -> None:
        """Record the user's feedback on one message (`messages.$.userInteraction.feedback`)."""
        result = await self._collection.update_one(
            {
                "conversationId": conversation_id,
                "userId": user_id,
                "messages.messageId": message_id,
            },
            {
                "$set": {
                    "messages.$.userInteraction.feedback": feedback.model_dump(
                        by_alias=True, exclude_none=True
                    ),
                    "lastActivity": utcnow(),
                }
            },
        )
        if result.matched_count == 0:
            await self._current_status(conversation_id, user_id)
            raise NotFound(f"message {message_id} not found in conversation {conversation_id}")

    # --- helpers ------------------------------------------------------------------------

    async def _set(self, query: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any] | None:
        """`$set` on the one matching conversation; the result without messages, or None."""
        return await self._collection.find_one_and_update(
            query,
            {"$set": changes},
            projection=_WITHOUT_MESSAGES,
            return_document=ReturnDocument.AFTER,
        )

    async def _current_status(self, conversation_id: str, user_id: str) -> ConversationStatus:
        """The stored status; NotFound when the conversation is missing or someone else's."""
        document = await self._collection.find_one(
            {"conversationId": conversation_id, "userId": user_id}, {"_id": 0, "status": 1}
        )
        if document is None:
            raise self._not_found(conversation_id)
        return ConversationStatus(document.get("status", ConversationStatus.ACTIVE))

    @staticmethod
    def _not_found(conversation_id: str) -> NotFound:
        return NotFound(f"conversation {conversation_id} not found")
