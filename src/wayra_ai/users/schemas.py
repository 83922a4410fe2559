"""API shapes for /v1/users: the PATCH body (strict) and the views returned."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, ClassVar

from pydantic import (
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)

from wayra_ai.kit.schema import CamelModel
from wayra_ai.planner.request import OptimizationGoal
from wayra_ai.users.models import (
    AIAssistanceLevel,
    ConversationStyle,
    Number,
    PlanningStyle,
    ResponseFormat,
    UserDocument,
)
from wayra_ai.users.usage import UsageSnapshot

# JSON numbers only: no "3" strings or booleans sneaking in as numbers.
JsonNumber = StrictInt | Annotated[StrictFloat, Field(allow_inf_nan=False)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
Tags = Annotated[list[ShortText], Field(max_length=50)]


class PatchModel(CamelModel):
    """A partial update: unknown keys are refused; `null` only clears `_clearable` fields."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False)
    _clearable: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _null_only_where_clearable(self) -> PatchModel:
        for name in self.model_fields_set:
            if getattr(self, name) is None and name not in self._clearable:
                alias = type(self).model_fields[name].alias or name
                raise ValueError(f"{alias} cannot be null")
        return self


class LocationPatch(PatchModel):
    _clearable = frozenset({"country", "city", "timezone"})
    country: ShortText | None = None
    city: ShortText | None = None
    timezone: ShortText | None = None


class BudgetRangePatch(PatchModel):
    _clearable = frozenset({"min", "max"})
    min: Annotated[JsonNumber, Field(ge=0)] | None = None
    max: Annotated[JsonNumber, Field(ge=0)] | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None


class TravelPreferencesPatch(PatchModel):
    budget_range: BudgetRangePatch | None = None
    preferred_destinations: Tags | None = None
    travel_style: Tags | None = None
    accommodation_preferences: Tags | None = None
    transportation_preferences: Tags | None = None


class ProfilePatch(PatchModel):
    _clearable = frozenset({"first_name", "last_name", "date_of_birth"})
    first_name: ShortText | None = None
    last_name: ShortText | None = None
    date_of_birth: date | None = None
    location: LocationPatch | None = None
    travel_preferences: TravelPreferencesPatch | None = None

    @field_validator("date_of_birth")
    @classmethod
    def _born_in_the_past(cls, value: date | None) -> date | None:
        if value is not None and value > datetime.now(UTC).date():
            raise ValueError("dateOfBirth cannot be in the future")
        return value


class PreferredAgentPatch(PatchModel):
    _clearable = frozenset({"priority", "custom_instructions"})
    agent_type: ShortText
    priority: JsonNumber | None = None
    custom_instructions: Annotated[str, StringConstraints(max_length=2000)] | None = None


class NotificationsPatch(PatchModel):
    price_alerts: bool | None = None
    optimization_suggestions: bool | None = None
    agent_updates: bool | None = None
    collaboration_invites: bool | None = None


class CommunicationPreferencesPatch(PatchModel):
    notifications: NotificationsPatch | None = None
    response_format: ResponseFormat | None = None


class AIPreferencesPatch(PatchModel):
    conversation_style: ConversationStyle | None = None
    budget_priority: Annotated[JsonNumber, Field(ge=1, le=5)] | None = None
    planning_style: PlanningStyle | None = None
    ai_assistance_level: AIAssistanceLevel | None = None
    preferred_agents: Annotated[list[PreferredAgentPatch], Field(max_length=20)] | None = None
    optimization_goals: Annotated[list[OptimizationGoal], Field(max_length=5)] | None = None
    communication_preferences: CommunicationPreferencesPatch | None = None


class UserPatch(PatchModel):
    """`PATCH /v1/users/me`: only these fields; nested ones change by exact dotted path."""

    _clearable = frozenset({"display_name", "photo_url", "phone_number"})
    display_name: ShortText | None = None
    photo_url: Annotated[str, StringConstraints(max_length=2048)] | None = Field(
        default=None, alias="photoURL"
    )
    phone_number: Annotated[str, StringConstraints(max_length=32)] | None = None
    profile: ProfilePatch | None = None
    ai_preferences: AIPreferencesPatch | None = None


class UserView(UserDocument):
    """The stored user with the seed's two virtuals."""

    total_ai_savings: Number = Field(alias="totalAISavings")
    ai_engagement_score: int


class UsageView(CamelModel):
    tier: str
    features: dict[str, UsageSnapshot]


def set_paths(patch: PatchModel, prefix: str = "") -> dict[str, Any]:
    """Dotted `$set` paths for exactly the fields sent, e.g. {'profile.location.city': 'Lima'}."""
    paths: dict[str, Any] = {}
    for name in patch.model_fields_set:
        alias = type(patch).model_fields[name].alias or name
        value = getattr(patch, name)
        if isinstance(value, PatchModel):
            paths.update(set_paths(value, f"{prefix}{alias}."))
        else:
            paths[f"{prefix}{alias}"] = _stored(value)
    return paths


def _stored(value: Any) -> Any:
    """Python values as BSON wants them: enums as strings, dates as UTC midnights."""
    if isinstance(value, PatchModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, list):
        return [_stored(item) for item in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value
