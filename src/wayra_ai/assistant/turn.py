"""One chat turn: understand, remember, plan when the request is complete, reply.

The language model talks; the solver decides. Understanding is the deterministic NLU
(a model may only fill gaps it checks); plans come from the processor's exact optimiser;
the reply is a deterministic draft built from the plan, which a model may rephrase only
if every figure and name survives (`facts.py`).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from wayra_ai.assistant import replies
from wayra_ai.assistant.context import (
    SEED_PATHS,
    analytics_updates,
    constraints_for,
    goals_for,
    summary_line,
)
from wayra_ai.assistant.extraction import EXTRACTION_PROMPT, EXTRACTION_SCHEMA, merge_extraction
from wayra_ai.assistant.phases import next_phase
from wayra_ai.assistant.phrasing import chain_of, phrase
from wayra_ai.assistant.preferences import (
    changes_between,
    from_preferences,
    overlay,
    to_preferences,
)
from wayra_ai.cache.turn_cache import TurnCache, cache_key
from wayra_ai.config import Settings
from wayra_ai.conversations.models import Conversation, Message, MessageType
from wayra_ai.conversations.replies import DeltaSink, Turn
from wayra_ai.errors import InvalidRequest, WayraError
from wayra_ai.kit.clock import utcnow
from wayra_ai.kit.ids import new_id
from wayra_ai.llm.base import ChatRequest, ChatResult
from wayra_ai.llm.router import ModelRouter
from wayra_ai.nlu.analysis import MessageAnalysis, analyse_message
from wayra_ai.nlu.trip_parser import ParsedTrip
from wayra_ai.planner import Gazetteer, TripRequest
from wayra_ai.planner.result import PlanResult
from wayra_ai.storage.mongo import Database
from wayra_ai.trips.defaults import current_inventory, request_defaults
from wayra_ai.trips.service import PlanSource, plan_for_user
from wayra_ai.users import usage
from wayra_ai.users.models import UserDocument
from wayra_ai.users.usage import Feature

_CHEAPER = re.compile(
    r"\b(cheaper|less expensive|lower (?:the )?(?:cost|price)|cut (?:the )?costs?|save more)\b",
    re.I,
)
_THANKS = re.compile(r"\b(thanks|thank you|cheers|much appreciated)\b", re.I)
_PLANNING_INTENTS = {"plan_trip", "modify_trip", "ask_budget"}


@dataclass
class Decision:
    """What the turn will answer, before it is phrased."""

    draft: str
    plan: PlanResult | None = None
    request: TripRequest | None = None
    confirmed: bool = False
    question_for: str | None = None

    @property
    def proposed(self) -> PlanResult | None:
        """The new plan this turn puts forward, if it found one."""
        return self.plan if self.plan is not None and self.plan.planned else None


class Assistant:
    """The reply producer the gateway installs for `POST .../messages`."""

    def __init__(
        self,
        *,
        db: Database,
        router: ModelRouter,
        cache: TurnCache,
        plans: PlanSource,
        settings: Settings,
    ) -> None:
        self.db = db
        self.router = router
        self.cache = cache
        self.plans = plans
        self.settings = settings

    async def __call__(
        self,
        conversation: Conversation,
        user_message: Message,
        user: UserDocument,
        sink: DeltaSink | None = None,
    ) -> Turn:
        started = time.perf_counter()
        usage.ensure_available(user, Feature.CONVERSATION)
        inventory = await current_inventory(self.settings)
        gazetteer = inventory.gazetteer()
        text = user_message.content
        analysis, extraction = await self._understand(text, gazetteer, utcnow().date())

        context = conversation.context
        stored = context.extracted_preferences
        before = stored.model_dump(by_alias=True) if stored is not None else {}
        known = from_preferences(before)
        extra = context.model_extra or {}
        said = answering(extra.get("pendingQuestion"), analysis.preferences)
        trip = overlay(known, said)
        changes = changes_between(known, trip)
        latest_plan: dict[str, Any] | None = extra.get("latestPlan")
        defaults = request_defaults(user, gazetteer.city_states)
        missing = [name for name in trip.missing() if name not in defaults]
        style = replies.Style(
            user.ai_preferences.conversation_style.value,
            user.ai_preferences.communication_preferences.response_format.value,
        )
        intent = analysis.intent.primary
        decision = await self._decide(
            user,
            text,
            intent,
            trip,
            bool(changes),
            missing,
            defaults,
            latest_plan,
            style,
            inventory.version,
        )

        phrased = await phrase(
            self.router, self.cache, decision.draft, text, style, analysis.intent.confidence, sink
        )
        now = utcnow()
        processing_ms = round((time.perf_counter() - started) * 1000, 3)
        metadata = with_extraction(phrased.ai_metadata, extraction)
        metadata["processingTime"] = processing_ms
        # Counted once the reply exists, atomically: a failed turn costs no quota.
        await usage.consume(
            self.db, user.uid, Feature.CONVERSATION, cost=metadata["cost"], loaded=user
        )

        phase = next_phase(
            context.current_phase,
            intent=intent,
            has_destination=trip.destination is not None,
            plan_delivered=decision.proposed is not None,
            has_plan=latest_plan is not None,
            preferences_changed=bool(changes),
        )
        autonomous = user.ai_preferences.ai_assistance_level.value == "autonomous"
        reply = Message(
            message_id=new_id("msg"),
            type=MessageType.AI,
            content=phrased.text,
            ai_metadata=metadata,
            suggestions=_suggestions(decision.plan),
            trip_updates=_trip_updates(changes, decision.plan, autonomous, analysis),
            follow_up_actions=_follow_ups(decision, autonomous),
        )
        set_fields: dict[str, Any] = {
            "context.extractedPreferences": to_preferences(trip, before),
            "context.currentPhase": phase.value,
            "context.goals": goals_for(trip, missing, confirmed=decision.confirmed),
            "context.constraints": constraints_for(decision.request, trip),
            "context.pendingQuestion": decision.question_for,
            **analytics_updates(
                conversation,
                now=now,
                processing_ms=processing_ms,
                confidence=analysis.intent.confidence,
                had_error=bool(phrased.failed_providers),
                had_retry=phrased.retries > 0,
            ),
        }
        plan_total = latest_plan.get("totalCost") if latest_plan else None
        if (proposed := decision.proposed) is not None:
            plan_total = proposed.total_cost
            set_fields["context.latestPlan"] = {
                "messageId": reply.message_id,
                "totalCost": proposed.total_cost,
                "currency": proposed.currency,
                "cities": proposed.cities,
            }
        push_fields: dict[str, Any] = {}
        if decision.confirmed or (autonomous and proposed is not None):
            push_fields["context.decisions"] = _decision_record(
                text, analysis, autonomous and not decision.confirmed, now
            )
        return Turn(
            reply=reply,
            set_fields=set_fields,
            inc_fields={
                "analytics.totalProcessingTime": processing_ms,
                "analytics.totalCost": metadata["cost"],
            },
            push_fields=push_fields,
            user_analysis=analysis.seed_document(),
            summary=summary_line(trip, plan_total, phase.value),
        )

    async def _understand(
        self, text: str, gazetteer: Gazetteer, today: date
    ) -> tuple[MessageAnalysis, ChatResult | None]:
        """The deterministic analysis, gaps filled by a model's checked extraction if any.

        Returns the extraction call's result when a model was asked (not on a cache hit).
        """
        analysis = analyse_message(text, gazetteer, today=today)
        if all(provider.name == "offline" for provider in self.router.providers):
            return analysis, None
        key = cache_key("extract", chain_of(self.router), " ".join(text.split()).lower(), today)
        extracted = await self.cache.get("extract", key)
        result = None
        if extracted is None:
            result = await self.router.complete(
                ChatRequest(
                    messages=(
                        {"role": "system", "content": EXTRACTION_PROMPT},
                        {"role": "user", "content": text},
                    ),
                    purpose="extraction",
                    json_schema=EXTRACTION_SCHEMA,
                    temperature=0.0,
                )
            )
            extracted = result.parsed or {}
            await self.cache.put("extract", key, extracted)
        merged = merge_extraction(analysis.preferences, extracted, text, gazetteer)
        return analysis.model_copy(update={"preferences": merged}), result

    async def _decide(
        self,
        user: UserDocument,
        text: str,
        intent: str,
        trip: ParsedTrip,
        changed: bool,
        missing: list[str],
        defaults: dict[str, Any],
        latest_plan: dict[str, Any] | None,
        style: replies.Style,
        inventory_version: str,
    ) -> Decision:
        currency = trip.currency or defaults.get("currency", "USD")
        if latest_plan is not None and not changed:
            if intent == "confirm":
                draft = replies.confirmation_reply(latest_plan.get("totalCost"), currency)
                return Decision(draft, confirmed=True)
            if intent == "book":
                return Decision(replies.booking_reply())
        if not changed and intent == "support":
            return Decision(replies.SUPPORT)
        if not changed and intent in {"smalltalk", "feedback"}:
            return Decision(replies.THANKS if _THANKS.search(text) else replies.SMALLTALK)
        cheaper = bool(_CHEAPER.search(text))
        if missing:
            if not changed and intent in {"greeting", "smalltalk"}:
                return Decision(replies.GREETING)
            return Decision(replies.question_for(missing[0], trip, style), question_for=missing[0])
        if not (changed or cheaper or latest_plan is None or intent in _PLANNING_INTENTS):
            return Decision(replies.RESTATE)
        try:
            request = trip.to_request(**defaults)
        except InvalidRequest as error:
            return Decision(f"I can't plan that yet: {error.message}.")
        if cheaper:
            request = request.model_copy(update={"budget_priority": 5})
        try:
            plan = await self._plan(user, request, inventory_version)
        except WayraError as error:
            if not _traveller_can_act_on(error):
                raise  # busy or down: the turn fails whole, nothing is written, retry later
            return Decision(f"I can't make that plan: {error.message}.")
        if not plan.planned:
            return Decision(replies.no_plan_reply(plan), plan=plan, request=request)
        assert plan.total_cost is not None
        previous = latest_plan.get("totalCost") if latest_plan else None
        if cheaper and previous is not None and plan.total_cost >= previous - 0.005:
            return Decision(replies.cheapest_already_reply(plan), plan=plan, request=request)
        return Decision(replies.plan_reply(plan, request.budget, style), plan=plan, request=request)

    async def _plan(
        self, user: UserDocument, request: TripRequest, inventory_version: str
    ) -> PlanResult:
        """A cached plan for the identical request and inventory, or a fresh optimisation."""
        key = cache_key("plan", inventory_version, request.model_dump(mode="json"))
        if (hit := await self.cache.get("plan", key)) is not None:
            return PlanResult.model_validate(hit)
        plan = await plan_for_user(self.db, self.plans, user, request)
        await self.cache.put("plan", key, plan.model_dump(mode="json"))
        return plan


def answering(question: str | None, said: ParsedTrip) -> ParsedTrip:
    """Read a bare place ("Chicago") as the answer to the question just asked.

    The parser takes a lone city for a destination; right after "Which city will you be
    leaving from?" it is the origin.
    """
    if question != "origin" or said.origin is not None or said.destination is None:
        return said
    if said.destination_is_region:
        return said
    return said.model_copy(update={"origin": said.destination, "destination": None})


def _traveller_can_act_on(error: WayraError) -> bool:
    """A bad request or a used-up plan quota is explained in the chat; a busy processor
    (429) or an outage (5xx) is not the traveller's to fix."""
    return error.kind == "quota_exceeded" or (
        400 <= error.status_code < 500 and error.status_code != 429
    )


def with_extraction(metadata: dict[str, Any], extraction: ChatResult | None) -> dict[str, Any]:
    """The reply's aiMetadata with the extraction call's tokens and cost added: the
    message's figures cover every model call of its turn."""
    merged = dict(metadata)
    if extraction is None:
        return merged
    usage_ = extraction.usage
    tokens = dict(merged.get("tokens") or {})
    for name, value in (
        ("input", usage_.input),
        ("output", usage_.output),
        ("total", usage_.total),
        ("cached", usage_.cached),
        ("reasoning", usage_.reasoning),
    ):
        tokens[name] = int(tokens.get(name) or 0) + value
    merged["tokens"] = tokens
    merged["cost"] = float(Decimal(str(merged.get("cost") or 0)) + extraction.cost)
    return merged


def _suggestions(plan: PlanResult | None) -> list[dict[str, Any]]:
    if plan is None:
        return []
    computed = "computed by the optimiser from inventory prices"
    if plan.planned:
        return [
            {
                "type": "recommendation",
                "content": tip,
                "confidence": 1.0,
                "reasoning": computed,
                "actionable": True,
            }
            for tip in plan.recommendations
        ]
    return [
        {
            "type": "relaxation",
            "content": option.description,
            "confidence": 1.0,
            "reasoning": computed,
            "actionable": True,
        }
        for option in plan.relaxations
    ]


def _trip_updates(
    changes: list[Any], plan: PlanResult | None, autonomous: bool, analysis: MessageAnalysis
) -> dict[str, Any] | None:
    """The traveller's own corrections (applied) and a proposed itinerary (to confirm)."""
    if not changes and (plan is None or not plan.planned):
        return None
    fields = sorted({SEED_PATHS[change.field] for change in changes})
    body: dict[str, Any] = {
        "preferences": {
            change.field: {"from": _plain(change.old), "to": _plain(change.new)}
            for change in changes
        }
    }
    proposes_plan = plan is not None and plan.planned
    if proposes_plan and plan is not None:
        fields.append("itinerary")
        facts = plan.model_dump(mode="json")
        body["itinerary"] = {
            "cities": plan.cities,
            "totalCost": plan.total_cost,
            "currency": plan.currency,
            "days": plan.days,
            "costBreakdown": facts["cost_breakdown"],
            "savings": facts["savings"],
            "recommendations": plan.recommendations,
            "inventoryVersion": plan.inventory_version,
        }
    return {
        "fieldsModified": fields,
        "changes": body,
        "confidence": analysis.intent.confidence,
        "requiresConfirmation": proposes_plan and not autonomous,
    }


def _follow_ups(decision: Decision, autonomous: bool) -> list[dict[str, Any]]:
    def action(kind: str, description: str, priority: str) -> dict[str, Any]:
        return {
            "type": kind,
            "description": description,
            "priority": priority,
            "status": "pending",
            "assignedTo": "traveller",
        }

    if decision.question_for is not None:
        what = decision.question_for.replace("_", " ")
        return [action("provide_information", f"Tell Wayra the {what}", "high")]
    if decision.confirmed:
        return [action("book", "Book the confirmed plan in the Wayra app", "normal")]
    if decision.proposed is not None and not autonomous:
        return [action("confirm_plan", "Confirm the proposed plan or ask for changes", "normal")]
    if decision.plan is not None and not decision.plan.planned:
        return [action("relax_requirement", "Choose which requirement to relax", "high")]
    return []


def _decision_record(
    text: str, analysis: MessageAnalysis, automatic: bool, now: Any
) -> dict[str, Any]:
    return {
        "question": "Accept the proposed itinerary?",
        "options": ["accept", "change"],
        "selectedOption": "accept",
        "reasoning": "applied automatically (autonomous assistance)" if automatic else text[:500],
        "confidence": analysis.intent.confidence,
        "timestamp": now,
    }


def _plain(value: Any) -> Any:
    """A preference value as MongoDB stores it (dates as ISO strings, enums as values)."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "value", value)
