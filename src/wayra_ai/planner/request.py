"""The trip request: what a traveller asks for, in the planner's terms.

Shared by the request parser (`wayra_ai.nlu`), the optimiser and the services.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class HouseRule(StrEnum):
    """Things the stay must allow (a listing marked 'No <rule>' is excluded)."""

    SMOKING = "smoking"
    PARTIES = "parties"
    CHILDREN_UNDER_10 = "children under 10"
    VISITORS = "visitors"
    PETS = "pets"


class RoomType(StrEnum):
    ENTIRE = "entire room"
    PRIVATE = "private room"
    SHARED = "shared room"
    NOT_SHARED = "not shared room"


class TransportBan(StrEnum):
    NO_FLIGHT = "no flight"
    NO_SELF_DRIVING = "no self-driving"


class OptimizationGoal(StrEnum):
    """The seed's aiPreferences.optimizationGoals values."""

    COST = "cost"
    TIME = "time"
    EXPERIENCE = "experience"
    CONVENIENCE = "convenience"
    SUSTAINABILITY = "sustainability"


class Travellers(BaseModel):
    model_config = ConfigDict(frozen=True)

    adults: int = Field(default=1, ge=0, le=50)
    children: int = Field(default=0, ge=0, le=50)

    @property
    def total(self) -> int:
        return self.adults + self.children

    @model_validator(mode="after")
    def _someone_travels(self) -> Travellers:
        if self.total < 1:
            raise ValueError("at least one traveller is needed")
        return self


class TripRequest(BaseModel):
    """A complete, validated request the optimiser can plan.

    `destination` is a city when `cities_to_visit` is 1 and `destination_is_region`
    is false; otherwise a state/region whose cities the planner chooses from.
    """

    model_config = ConfigDict(frozen=True)

    origin: str = Field(min_length=1, max_length=100)
    destination: str = Field(min_length=1, max_length=100)
    destination_is_region: bool = False
    cities_to_visit: int = Field(default=1, ge=1, le=5)
    start_date: date
    days: int = Field(ge=1, le=30)
    travellers: Travellers = Travellers()
    budget: float = Field(gt=0, le=10_000_000)
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    house_rules: tuple[HouseRule, ...] = ()
    room_type: RoomType | None = None
    cuisines: tuple[str, ...] = ()
    transport_bans: tuple[TransportBan, ...] = ()
    budget_priority: int = Field(default=3, ge=1, le=5)
    optimization_goals: dict[OptimizationGoal, float] = Field(default_factory=dict)

    @property
    def end_date(self) -> date:
        return self.start_date + timedelta(days=self.days - 1)

    @property
    def dates(self) -> list[date]:
        return [self.start_date + timedelta(days=offset) for offset in range(self.days)]

    @property
    def people(self) -> int:
        return self.travellers.total

    @model_validator(mode="after")
    def _coherent(self) -> TripRequest:
        if self.cities_to_visit > 1 and not self.destination_is_region:
            raise ValueError("visiting several cities needs a state or region as destination")
        if self.cities_to_visit >= self.days:
            raise ValueError(
                f"{self.days} days are too few to visit {self.cities_to_visit} cities and return"
            )
        return self


class Gazetteer(BaseModel):
    """The places an inventory knows: what the request parser resolves names against."""

    model_config = ConfigDict(frozen=True)

    city_states: dict[str, str] = Field(description="canonical city name -> its state/region")
    regions: tuple[str, ...] = ()

    def cities_in(self, region: str) -> list[str]:
        return sorted(city for city, state in self.city_states.items() if state == region)
