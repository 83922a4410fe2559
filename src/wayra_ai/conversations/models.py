"""The seed's ConversationSchema, field for field: the persisted shape of `conversations`.

The Node app writes the same collection through mongoose, so names, enums and defaults
follow the seed exactly, and unknown fields (`__v`, mongoose's subdocument `_id`s, anything
the Node app adds later) are kept (`CamelModel` allows extras).

Mongoose quirk: in the seed, subdocument arrays such as `entities: [{ type: String, value:
String }]` declare a field literally called `type`; we model it as such. Read literally,
mongoose would treat `{ type: String, ... }` as "an array of strings" (and `accommodation:
{ type: [String], ... }` as a string array), so documents the Node app wrote under that
reading may hold plain strings there: those items are accepted as strings rather than
failing the whole read.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from bson import ObjectId
from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema

from wayra_ai.kit.clock import utcnow
from wayra_ai.kit.schema import CamelModel


def _object_id(value: object) -> ObjectId:
    if isinstance(value, ObjectId):
        return value
    if isinstance(value, str) and ObjectId.is_valid(value) and len(value) == 24:
        return ObjectId(value)
    raise ValueError("must be a 24-character hexadecimal ObjectId")


# Stored as a BSON ObjectId (like mongoose's `Schema.Types.ObjectId`), a hex string in JSON.
ObjectIdField = Annotated[
    ObjectId,
    PlainValidator(_object_id),
    PlainSerializer(str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": "^[0-9a-fA-F]{24}$"}),
]


class Category(StrEnum):
    PLANNING = "planning"
    BOOKING = "booking"
    OPTIMIZATION = "optimization"
    SUPPORT = "support"
    COLLABORATION = "collaboration"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class MessageType(StrEnum):
    USER = "user"
    AI = "ai"
    SYSTEM = "system"
    AGENT = "agent"


class MessageStatus(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Phase(StrEnum):
    DISCOVERY = "discovery"
    PLANNING = "planning"
    OPTIMIZATION = "optimization"
    BOOKING = "booking"
    CONFIRMATION = "confirmation"
    SUPPORT = "support"


class ConversationStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    ARCHIVED = "archived"
    CANCELLED = "cancelled"


class ConversationMetadata(CamelModel):
    title: str | None = None
    description: str | None = None
    tags: list[str] = Field(default_factory=list)
    category: Category = Category.PLANNING
    priority: Priority = Priority.NORMAL
    language: str = "en"
    timezone: str | None = None


# --- messages ---------------------------------------------------------------------------


class Tokens(CamelModel):
    """The seed's input/output/total, plus the `cached` and `reasoning` counts we record."""

    input: int | None = None
    output: int | None = None
    total: int | None = None
    cached: int | None = None
    reasoning: int | None = None


class AiMetadata(CamelModel):
    model: str | None = None
    provider: str | None = None
    tokens: Tokens | None = None
    cost: float | None = None
    processing_time: float | None = None
    confidence: float | None = None
    temperature: float | None = None
    max_tokens: int | None = None


class Feedback(CamelModel):
    helpful: bool | None = None
    accurate: bool | None = None
    relevant: bool | None = None
    rating: int | float | None = None
    comment: str | None = None


class UserInteraction(CamelModel):
    read_at: datetime | None = None
    reaction_type: str | None = None
    feedback: Feedback | None = None


class Sentiment(CamelModel):
    score: float | None = None
    label: str | None = None
    confidence: float | None = None


class Intent(CamelModel):
    primary: str | None = None
    secondary: list[str] = Field(default_factory=list)
    confidence: float | None = None


class Entity(CamelModel):
    type: str | None = None
    value: str | None = None
    confidence: float | None = None
    start_index: int | None = None
    end_index: int | None = None


class Analysis(CamelModel):
    sentiment: Sentiment | None = None
    intent: Intent | None = None
    entities: list[Entity | str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    urgency: float | None = None


class Suggestion(CamelModel):
    type: str | None = None
    content: str | None = None
    confidence: float | None = None
    reasoning: str | None = None
    actionable: bool | None = None


class TripUpdates(CamelModel):
    fields_modified: list[str] = Field(default_factory=list)
    changes: Any = None
    confidence: float | None = None
    requires_confirmation: bool | None = None


class FollowUpAction(CamelModel):
    type: str | None = None
    description: str | None = None
    due_date: datetime | None = None
    priority: str | None = None
    status: str | None = None
    assigned_to: str | None = None


class Attachment(CamelModel):
    type: str | None = None
    url: str | None = None
    filename: str | None = None
    size: int | None = None
    mime_type: str | None = None
    description: str | None = None


class Message(CamelModel):
    message_id: str
    type: MessageType
    content: str
    timestamp: datetime = Field(default_factory=utcnow)
    ai_metadata: AiMetadata | None = None
    user_interaction: UserInteraction | None = None
    analysis: Analysis | None = None
    suggestions: list[Suggestion | str] = Field(default_factory=list)
    trip_updates: TripUpdates | None = None
    follow_up_actions: list[FollowUpAction | str] = Field(default_factory=list)
    status: MessageStatus = MessageStatus.COMPLETED
    processing_errors: list[str] = Field(default_factory=list)
    retry_count: int = 0
    attachments: list[Attachment | str] = Field(default_factory=list)


# --- context ----------------------------------------------------------------------------


class BudgetPreference(CamelModel):
    total: float | None = None
    flexibility: str | None = None
    priorities: list[str] = Field(default_factory=list)


class DestinationPreference(CamelModel):
    name: str | None = None
    preference: float | None = None
    reasoning: str | None = None


class DateRange(CamelModel):
    start: datetime | None = None
    end: datetime | None = None


class DatePreferences(CamelModel):
    preferred: DateRange | None = None
    flexible: bool | None = None
    constraints: list[str] = Field(default_factory=list)


class TravelerPreference(CamelModel):
    type: str | None = None
    age: int | None = None
    preferences: list[str] = Field(default_factory=list)
    constraints: list[str] = Field(default_factory=list)


class ActivityPreference(CamelModel):
    type: str | None = None
    interest: float | None = None
    priority: str | None = None


class AccommodationPreference(CamelModel):
    type: list[str] = Field(default_factory=list)
    amenities: list[str] = Field(default_factory=list)
    location: str | None = None
    budget: float | None = None


class TransportationPreference(CamelModel):
    preferred: list[str] = Field(default_factory=list)
    constraints: list[str] = Field(default_factory=list)
    budget: float | None = None


class ExtractedPreferences(CamelModel):
    budget: BudgetPreference | None = None
    destinations: list[DestinationPreference] = Field(default_factory=list)
    dates: DatePreferences | None = None
    travelers: list[TravelerPreference | str] = Field(default_factory=list)
    activities: list[ActivityPreference | str] = Field(default_factory=list)
    accommodation: AccommodationPreference | list[str] | None = None
    transportation: TransportationPreference | None = None


class Goal(CamelModel):
    type: str | None = None
    description: str | None = None
    priority: float | None = None
    status: str | None = None
    progress: float | None = None
    target_date: datetime | None = None


class ConstraintItem(CamelModel):
    type: str | None = None
    description: str | None = None
    severity: str | None = None
    workaround: str | None = None


class Decision(CamelModel):
    question: str | None = None
    options: list[str] = Field(default_factory=list)
    selected_option: str | None = None
    reasoning: str | None = None
    confidence: float | None = None
    timestamp: datetime | None = None


class Integrations(CamelModel):
    calendar_sync: bool | None = None
    weather_data: Any = None
    price_alerts: list[str] = Field(default_factory=list)
    booking_references: list[str] = Field(default_factory=list)


class ConversationContext(CamelModel):
    current_phase: Phase = Phase.DISCOVERY
    extracted_preferences: ExtractedPreferences | None = None
    goals: list[Goal | str] = Field(default_factory=list)
    constraints: list[ConstraintItem | str] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    integrations: Integrations | None = None


# --- analytics, review, the conversation ------------------------------------------------


class Engagement(CamelModel):
    session_duration: float | None = None
    message_frequency: float | None = None
    user_satisfaction: float | None = None
    completion_rate: float | None = None
    drop_off_points: list[str] = Field(default_factory=list)


class Effectiveness(CamelModel):
    goal_achievement: float | None = None
    recommendation_acceptance: float | None = None
    problem_resolution: float | None = None
    user_retention: float | None = None


class Performance(CamelModel):
    average_confidence: float | None = None
    error_rate: float | None = None
    retry_rate: float | None = None
    escalation_rate: float | None = None


class Analytics(CamelModel):
    total_messages: int = 0
    user_messages: int = 0
    ai_messages: int = 0
    average_response_time: float | None = None
    total_processing_time: float | None = None
    total_cost: float | None = None
    engagement: Engagement | None = None
    effectiveness: Effectiveness | None = None
    performance: Performance | None = None


class QualityReview(CamelModel):
    reviewed: bool = False
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    score: float | None = None
    feedback: str | None = None
    improvements: list[str] = Field(default_factory=list)


class Conversation(CamelModel):
    conversation_id: str
    user_id: str
    trip_id: ObjectIdField | None = None
    metadata: ConversationMetadata = Field(default_factory=ConversationMetadata)
    messages: list[Message] = Field(default_factory=list)
    context: ConversationContext = Field(default_factory=ConversationContext)
    analytics: Analytics = Field(default_factory=Analytics)
    status: ConversationStatus = ConversationStatus.ACTIVE
    created_at: datetime = Field(default_factory=utcnow)
    last_activity: datetime = Field(default_factory=utcnow)
    completed_at: datetime | None = None
    archived_at: datetime | None = None
    quality_review: QualityReview = Field(default_factory=QualityReview)
