"""Conversation rules: ownership, the chat turn, and the user's `conversationHistory` entry."""

from __future__ import annotations

from dataclasses import dataclass

from bson import ObjectId

from wayra_ai.conversations.lifecycle import OPEN_STATUSES
from wayra_ai.conversations.models import (
    Analysis,
    Category,
    Conversation,
    ConversationMetadata,
    ConversationStatus,
    Feedback,
    Message,
    MessageType,
)
from wayra_ai.conversations.replies import DeltaSink, ReplyProducer
from wayra_ai.conversations.repository import ConversationRepository
from wayra_ai.conversations.schemas import (
    CreateConversation,
    FeedbackInput,
    MetadataInput,
    UpdateConversation,
)
from wayra_ai.errors import Conflict
from wayra_ai.kit.ids import new_id
from wayra_ai.kit.pagination import PageParams
from wayra_ai.storage.mongo import Database
from wayra_ai.users.models import UserDocument
from wayra_ai.users.repository import upsert_conversation_history

# How many recent messages a reply producer sees; a turn never reads the whole history.
RECENT_MESSAGES = 20


@dataclass(frozen=True)
class PostedTurn:
    user_message: Message
    reply: Message
    conversation: Conversation  # after the append, without messages


class ConversationService:
    def __init__(self, db: Database, reply_producer: ReplyProducer) -> None:
        self._db = db
        self._repository = ConversationRepository(db)
        self._reply_producer = reply_producer

    async def create(self, user_id: str, request: CreateConversation) -> Conversation:
        metadata = request.metadata or MetadataInput()
        conversation = Conversation(
            conversation_id=new_id("conv"),
            user_id=user_id,
            trip_id=ObjectId(request.trip_id) if request.trip_id else None,
            metadata=ConversationMetadata.model_validate(metadata.changes()),
        )
        await self._repository.create(conversation)
        await self._follow(conversation)
        return conversation

    async def list_conversations(
        self,
        user_id: str,
        page: PageParams,
        *,
        status: ConversationStatus | None = None,
        category: Category | None = None,
    ) -> tuple[list[Conversation], int]:
        return await self._repository.list_for_user(
            user_id, status=status, category=category, offset=page.offset, limit=page.limit
        )

    async def search(
        self, user_id: str, query: str, page: PageParams
    ) -> tuple[list[Conversation], int]:
        return await self._repository.search(user_id, query, offset=page.offset, limit=page.limit)

    async def get(
        self, user_id: str, conversation_id: str, messages: PageParams
    ) -> tuple[Conversation, int]:
        return await self._repository.get_page(
            conversation_id, user_id, offset=messages.offset, limit=messages.limit
        )

    async def update(
        self, user_id: str, conversation_id: str, request: UpdateConversation
    ) -> Conversation:
        metadata = request.metadata.changes() if request.metadata else None
        conversation = await self._repository.update(
            conversation_id, user_id, metadata=metadata, status=request.status
        )
        if request.status is not None:
            await self._follow(conversation)
        return conversation

    async def post_message(
        self,
        user: UserDocument,
        conversation_id: str,
        content: str,
        sink: DeltaSink | None = None,
    ) -> PostedTurn:
        """Store the user's message and the reply to it in one atomic append.

        With a `sink`, the reply's text is also handed over as it is produced (SSE).
        """
        recent = await self._repository.get_recent(conversation_id, user.uid, RECENT_MESSAGES)
        if recent.status not in OPEN_STATUSES:
            raise Conflict(
                f"conversation is {recent.status}; messages can only be added to an active or"
                " paused conversation"
            )
        user_message = Message(message_id=new_id("msg"), type=MessageType.USER, content=content)
        turn = await self._reply_producer(recent, user_message, user, sink)
        if turn.user_analysis is not None:
            analysis = Analysis.model_validate(turn.user_analysis)
            user_message = user_message.model_copy(update={"analysis": analysis})
        conversation = await self._repository.append_messages(
            conversation_id,
            user.uid,
            [user_message, turn.reply],
            set_fields=turn.set_fields,
            inc_fields=turn.inc_fields,
            push_fields=turn.push_fields,
        )
        await self._follow(conversation, summary=turn.summary)
        return PostedTurn(user_message=user_message, reply=turn.reply, conversation=conversation)

    async def give_feedback(
        self, user_id: str, conversation_id: str, message_id: str, request: FeedbackInput
    ) -> Feedback:
        feedback = Feedback.model_validate(request.model_dump(exclude_none=True))
        await self._repository.set_feedback(conversation_id, user_id, message_id, feedback)
        return feedback

    async def _follow(self, conversation: Conversation, *, summary: str | None = None) -> None:
        """Mirror the conversation into the user's `conversationHistory` entry.

        The users seed has no 'cancelled' history status: a cancelled conversation is
        recorded there as 'archived' (closed without being completed).
        """
        status = conversation.status
        if status is ConversationStatus.CANCELLED:
            status = ConversationStatus.ARCHIVED
        await upsert_conversation_history(
            self._db,
            conversation.user_id,
            conversation.conversation_id,
            message_count=conversation.analytics.total_messages,
            last_activity=conversation.last_activity,
            status=status.value,
            summary=summary,
            started_at=conversation.created_at,
            trip_id=conversation.trip_id,
        )
