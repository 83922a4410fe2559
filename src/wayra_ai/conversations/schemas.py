"""API shapes of /v1/conversations: strict inputs, and views with the seed's virtuals."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic.alias_generators import to_camel

from wayra_ai.conversations.models import (
    Category,
    Conversation,
    ConversationMetadata,
    ConversationStatus,
    Message,
    ObjectIdField,
    Phase,
    Priority,
)
from wayra_ai.conversations.virtuals import duration_ms, engagement_score

MAX_MESSAGE_CHARACTERS = 8000


class InputModel(BaseModel):
    """A request body: camelCase (snake_case accepted), and unknown fields are an error."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Language = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")]
Timezone = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_+/-]{0,63}$")]
TripId = Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{24}$")]
MessageContent = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_MESSAGE_CHARACTERS),
]


class MetadataInput(InputModel):
    title: Title | None = None
    description: Description | None = None
    tags: Annotated[list[Tag], Field(max_length=20)] | None = None
    category: Category | None = None
    priority: Priority | None = None
    language: Language | None = None
    timezone: Timezone | None = None

    def changes(self) -> dict[str, Any]:
        """The given fields under their seed names (`title`, `tags`, ...)."""
        return self.model_dump(by_alias=True, exclude_none=True)


class CreateConversation(InputModel):
    metadata: MetadataInput | None = None
    trip_id: TripId | None = None


class UpdateConversation(InputModel):
    metadata: MetadataInput | None = None
    status: ConversationStatus | None = None

    @model_validator(mode="after")
    def _something_to_change(self) -> Self:
        if self.status is None and not (self.metadata and self.metadata.changes()):
            raise ValueError("give metadata fields and/or a status to change")
        return self


class PostMessage(InputModel):
    content: MessageContent


class FeedbackInput(InputModel):
    helpful: bool | None = None
    accurate: bool | None = None
    relevant: bool | None = None
    rating: Annotated[int, Field(ge=1, le=5)] | None = None
    comment: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] | None = None

    @model_validator(mode="after")
    def _some_feedback(self) -> Self:
        if not self.model_dump(exclude_none=True):
            raise ValueError("give at least one of helpful, accurate, relevant, rating, comment")
        return self


class ConversationSummary(BaseModel):
    """A conversation without its messages, as lists and search return it."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    conversation_id: str
    trip_id: ObjectIdField | None
    metadata: ConversationMetadata
    status: ConversationStatus
    current_phase: Phase
    created_at: datetime
    last_activity: datetime
    completed_at: datetime | None
    archived_at: datetime | None
    message_count: int
    duration: int = Field(description="milliseconds: completedAt (or now) − createdAt")
    engagement_score: float

    @classmethod
    def of(cls, conversation: Conversation, now: datetime) -> ConversationSummary:
        return cls(
            conversation_id=conversation.conversation_id,
            trip_id=conversation.trip_id,
            metadata=conversation.metadata,
            status=conversation.status,
            current_phase=conversation.context.current_phase,
            created_at=conversation.created_at,
            last_activity=conversation.last_activity,
            completed_at=conversation.completed_at,
            archived_at=conversation.archived_at,
            message_count=conversation.analytics.total_messages,
            duration=duration_ms(conversation, now),
            engagement_score=engagement_score(conversation, now),
        )


class ConversationDetail(Conversation):
    """The stored conversation with one page of messages, their total, and the virtuals."""

    message_count: int
    messages_offset: int
    messages_limit: int
    duration: int = Field(description="milliseconds: completedAt (or now) − createdAt")
    engagement_score: float

    @classmethod
    def of(
        cls,
        conversation: Conversation,
        *,
        message_count: int,
        offset: int,
        limit: int,
        now: datetime,
    ) -> ConversationDetail:
        return cls.model_validate(
            {
                **dict(conversation),  # declared fields and extras alike
                "message_count": message_count,
                "messages_offset": offset,
                "messages_limit": limit,
                "duration": duration_ms(conversation, now),
                "engagement_score": engagement_score(conversation, now),
            }
        )


class TurnView(BaseModel):
    """What posting a message returns: both stored messages and the conversation after."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    user_message: Message
    reply: Message
    conversation: ConversationSummary


class FeedbackView(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    conversation_id: str
    message_id: str
    feedback: dict[str, Any]
