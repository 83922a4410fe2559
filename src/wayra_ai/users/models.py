"""The seed's `EnhancedUserSchema` as stored in the shared `users` collection.

This shape is a contract with Wayra's Node app, which writes the same documents through
mongoose: field names, enums, defaults and bounds follow the seed exactly. Unknown fields
(and mongoose's `__v`) are kept in `model_extra`, at every level. Our code never writes a
model back whole: the repository sends partial updates, so these models are for reading
and for producing insert defaults.

Two seed details worth knowing:
- `optimizationGoals: [{type: String, enum: [...], weight: Number}]` declares `type`, so
  mongoose reads it as an array of enum strings (`weight` is an ignored schema option).
- Mongoose `Number` is a JS number: stored as an int or a double, so `Number` below.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from bson import Decimal128, ObjectId
from pydantic import Field

from wayra_ai.kit.schema import CamelModel
from wayra_ai.planner.request import OptimizationGoal  # the seed enum the planner weighs

Number = int | float


class ConversationStyle(StrEnum):
    CASUAL = "casual"
    PROFESSIONAL = "professional"
    DETAILED = "detailed"
    CONCISE = "concise"


class PlanningStyle(StrEnum):
    STRUCTURED = "structured"
    FLEXIBLE = "flexible"
    SPONTANEOUS = "spontaneous"
    COLLABORATIVE = "collaborative"


class AIAssistanceLevel(StrEnum):
    MINIMAL = "minimal"
    MODERATE = "moderate"
    COMPREHENSIVE = "comprehensive"
    AUTONOMOUS = "autonomous"


class ResponseFormat(StrEnum):
    BRIEF = "brief"
    DETAILED = "detailed"
    VISUAL = "visual"
    CONVERSATIONAL = "conversational"


class ConversationStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    ARCHIVED = "archived"


class CollaborationRole(StrEnum):
    ORGANIZER = "organizer"
    PARTICIPANT = "participant"
    VIEWER = "viewer"


class SubscriptionTier(StrEnum):
    FREE = "free"
    BASIC = "basic"
    PREMIUM = "premium"
    ENTERPRISE = "enterprise"


# --- AIPreferencesSchema ---------------------------------------------------------------


class PreferredAgent(CamelModel):
    agent_type: str | None = None
    priority: Number | None = None
    custom_instructions: str | None = None


class Notifications(CamelModel):
    price_alerts: bool = True
    optimization_suggestions: bool = True
    agent_updates: bool = False
    collaboration_invites: bool = True


class CommunicationPreferences(CamelModel):
    notifications: Notifications = Field(default_factory=Notifications)
    response_format: ResponseFormat = ResponseFormat.CONVERSATIONAL


class AIPreferences(CamelModel):
    conversation_style: ConversationStyle = ConversationStyle.CASUAL
    budget_priority: Annotated[Number, Field(ge=1, le=5)] = 3
    planning_style: PlanningStyle = PlanningStyle.FLEXIBLE
    ai_assistance_level: AIAssistanceLevel = AIAssistanceLevel.MODERATE
    preferred_agents: list[PreferredAgent] = Field(default_factory=list)
    optimization_goals: list[OptimizationGoal] = Field(default_factory=list)
    communication_preferences: CommunicationPreferences = Field(
        default_factory=CommunicationPreferences
    )


# --- AIUsageSchema ---------------------------------------------------------------------


class FeatureUsage(CamelModel):
    """Fields every feature shares; `usageMonth` is ours (see users/usage.py)."""

    total_cost: Number = 0
    last_used: datetime | None = None
    monthly_limit: Number = 0
    current_month_usage: Number = 0
    usage_month: str | None = None


class ConversationUsage(FeatureUsage):
    total_messages: Number = 0
    monthly_limit: Number = 1000


class AgentsUsage(FeatureUsage):
    total_tasks: Number = 0
    monthly_limit: Number = 50
    favorite_agents: list[str] = Field(default_factory=list)


class OptimizationUsage(FeatureUsage):
    total_optimizations: Number = 0
    total_savings: Number = 0
    monthly_limit: Number = 100


class CollaborationUsage(FeatureUsage):
    total_sessions: Number = 0
    monthly_limit: Number = 200


class AIUsage(CamelModel):
    conversation: ConversationUsage = Field(default_factory=ConversationUsage)
    agents: AgentsUsage = Field(default_factory=AgentsUsage)
    optimization: OptimizationUsage = Field(default_factory=OptimizationUsage)
    collaboration: CollaborationUsage = Field(default_factory=CollaborationUsage)


# --- EnhancedUserSchema ----------------------------------------------------------------


class Location(CamelModel):
    country: str | None = None
    city: str | None = None
    timezone: str | None = None


class BudgetRange(CamelModel):
    min: Number | None = None
    max: Number | None = None
    currency: str = "USD"


class TravelPreferences(CamelModel):
    budget_range: BudgetRange = Field(default_factory=BudgetRange)
    preferred_destinations: list[str] = Field(default_factory=list)
    travel_style: list[str] = Field(default_factory=list)
    accommodation_preferences: list[str] = Field(default_factory=list)
    transportation_preferences: list[str] = Field(default_factory=list)


class Profile(CamelModel):
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: datetime | None = None
    location: Location = Field(default_factory=Location)
    travel_preferences: TravelPreferences = Field(default_factory=TravelPreferences)


class ConversationHistoryEntry(CamelModel):
    conversation_id: str | None = None
    trip_id: str | None = None
    started_at: datetime | None = None
    last_activity: datetime | None = None
    message_count: Number | None = None
    status: ConversationStatus = ConversationStatus.ACTIVE
    summary: str | None = None
    outcomes: list[str] = Field(default_factory=list)


class AgentInteraction(CamelModel):
    task_id: str | None = None
    task_type: str | None = None
    agent_type: str | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    status: str | None = None
    satisfaction: Annotated[Number, Field(ge=1, le=5)] | None = None
    feedback: str | None = None
    outcomes: list[str] = Field(default_factory=list)


class OptimizationResults(CamelModel):
    original_budget: Number | None = None
    optimized_budget: Number | None = None
    savings: Number | None = None
    savings_percentage: Number | None = None
    recommendations: list[str] = Field(default_factory=list)
    implemented_recommendations: list[str] = Field(default_factory=list)


class OptimizationEffectiveness(CamelModel):
    actual_savings: Number | None = None
    user_satisfaction: Number | None = None
    recommendation_accuracy: Number | None = None


class OptimizationHistoryEntry(CamelModel):
    optimization_id: str | None = None
    trip_id: str | None = None
    optimization_type: str | None = None
    results: OptimizationResults | None = None
    created_at: datetime | None = None
    applied_at: datetime | None = None
    effectiveness: OptimizationEffectiveness | None = None


class CollaborationSession(CamelModel):
    session_id: str | None = None
    trip_id: str | None = None
    role: CollaborationRole = CollaborationRole.PARTICIPANT
    joined_at: datetime | None = None
    last_activity: datetime | None = None
    contributions: Number | None = None
    status: str | None = None


class BillingEntry(CamelModel):
    date: datetime | None = None
    amount: Number | None = None
    currency: str | None = None
    description: str | None = None
    status: str | None = None


class Subscription(CamelModel):
    tier: SubscriptionTier = SubscriptionTier.FREE
    start_date: datetime | None = None
    end_date: datetime | None = None
    auto_renew: bool = True
    payment_method: str | None = None
    billing_history: list[BillingEntry] = Field(default_factory=list)


class UserDocument(CamelModel):
    """One `users` document as read; ObjectIds arrive as hex strings (see `from_mongo`)."""

    uid: str
    email: str
    display_name: str | None = None
    photo_url: str | None = Field(default=None, alias="photoURL")
    phone_number: str | None = None
    profile: Profile = Field(default_factory=Profile)
    ai_preferences: AIPreferences = Field(default_factory=AIPreferences)
    ai_usage: AIUsage = Field(default_factory=AIUsage)
    conversation_history: list[ConversationHistoryEntry] = Field(default_factory=list)
    agent_interactions: list[AgentInteraction] = Field(default_factory=list)
    optimization_history: list[OptimizationHistoryEntry] = Field(default_factory=list)
    collaboration_sessions: list[CollaborationSession] = Field(default_factory=list)
    subscription: Subscription = Field(default_factory=Subscription)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    last_login: datetime | None = None
    is_active: bool = True
    email_verified: bool = False
    phone_verified: bool = False

    @classmethod
    def from_mongo(cls, raw: dict[str, Any]) -> UserDocument:
        return cls.model_validate(plain(raw))


def plain(value: Any) -> Any:
    """BSON values as JSON-friendly Python: ObjectId and Decimal128 become strings."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, ObjectId | Decimal128):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def insert_defaults() -> dict[str, Any]:
    """The seed's defaults for a new user, as mongoose would store them (no nulls)."""

    def dump(model: CamelModel) -> dict[str, Any]:
        return model.model_dump(mode="json", by_alias=True, exclude_none=True)

    ai_usage = dump(AIUsage())
    for usage in ai_usage.values():
        usage.pop("usageMonth", None)
    return {
        "profile": dump(Profile()),
        "aiPreferences": dump(AIPreferences()),
        "aiUsage": ai_usage,
        "conversationHistory": [],
        "agentInteractions": [],
        "optimizationHistory": [],
        "collaborationSessions": [],
        "subscription": dump(Subscription()),
        "isActive": True,
        "emailVerified": False,
        "phoneVerified": False,
    }
