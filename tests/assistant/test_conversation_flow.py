"""A scripted conversation through the HTTP API on the offline responder (no model keys)."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from fastapi import FastAPI

from wayra_ai.auth.dev_token import make_dev_token

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> set[float]:
    return {float(match.replace(",", "")) for match in NUMBER.findall(text)}


class Chat:
    def __init__(self, client: httpx.AsyncClient, uid: str) -> None:
        self.client = client
        self.headers = {
            "Authorization": f"Bearer {make_dev_token(uid, email=f'{uid}@example.com')}"
        }
        self.conversation_id = ""

    async def start(self) -> None:
        response = await self.client.post(
            "/v1/conversations", json={"metadata": {"title": "Spring trip"}}, headers=self.headers
        )
        assert response.status_code == 201, response.text
        self.conversation_id = response.json()["conversationId"]

    async def say(self, text: str) -> dict[str, Any]:
        response = await self.client.post(
            f"/v1/conversations/{self.conversation_id}/messages",
            json={"content": text},
            headers=self.headers,
        )
        assert response.status_code == 201, response.text
        turn: dict[str, Any] = response.json()
        return turn

    async def stored(self) -> dict[str, Any]:
        doc: dict[str, Any] = await self.db.conversations.find_one(
            {"conversationId": self.conversation_id}
        )
        return doc

    db: Any = None


def assert_figures_come_from_the_plan(reply: str, plan: dict[str, Any], said: str) -> None:
    """Every number in the reply is a number of the plan (or of the traveller's words)."""
    known = numbers_in(json.dumps(plan)) | numbers_in(said)
    invented = numbers_in(reply) - known
    assert not invented, f"figures not in the plan: {invented}\n{reply}"


async def test_a_vague_start_becomes_a_confirmed_plan(
    client: httpx.AsyncClient, gateway: FastAPI
) -> None:
    chat = Chat(client, "traveller-flow")
    chat.db = gateway.state.resources.db
    await chat.start()

    first = await chat.say("Hi! We'd love somewhere warm in March, two of us.")
    assert first["reply"]["content"].startswith("Where would you like to go")
    doc = await chat.stored()
    assert doc["context"]["currentPhase"] == "discovery"
    assert len(doc["context"]["extractedPreferences"]["travelers"]) == 2
    analysis = doc["messages"][0]["analysis"]
    assert analysis["sentiment"]["label"] == "positive"
    assert doc["messages"][1]["followUpActions"][0]["type"] == "provide_information"

    second = await chat.say("Miami sounds perfect.")
    assert "Which day in March" in second["reply"]["content"]
    assert (await chat.stored())["context"]["currentPhase"] == "planning"

    third = await chat.say("Let's leave on March 10 for 4 days.")
    assert third["reply"]["content"] == "Which city will you be leaving from?"

    said = "Chicago. Our budget is $1,500."
    fourth = await chat.say(said)
    reply = fourth["reply"]
    doc = await chat.stored()
    plan_updates = doc["messages"][-1]["tripUpdates"]
    assert plan_updates["requiresConfirmation"] is True
    itinerary = plan_updates["changes"]["itinerary"]
    assert itinerary["cities"] == ["Miami"]
    assert len(itinerary["days"]) == 4
    assert itinerary["totalCost"] <= 1500
    assert f"${itinerary['totalCost']:,.2f}".removesuffix(".00") in reply["content"]
    assert_figures_come_from_the_plan(reply["content"], itinerary, said)
    assert doc["context"]["currentPhase"] == "optimization"
    assert reply["aiMetadata"]["provider"] == "offline"
    assert reply["aiMetadata"]["cost"] == 0
    first_total = itinerary["totalCost"]

    cheaper = await chat.say("Can you make it cheaper?")
    doc = await chat.stored()
    latest = doc["context"]["latestPlan"]["totalCost"]
    if latest < first_total:
        assert "Here's a 4-day plan" in cheaper["reply"]["content"]
    else:
        assert "already the cheapest plan" in cheaper["reply"]["content"]
        assert latest == first_total

    shorter = await chat.say("Actually, make it 3 days.")
    doc = await chat.stored()
    updates = doc["messages"][-1]["tripUpdates"]
    assert updates["changes"]["preferences"]["days"] == {"from": 4, "to": 3}
    assert "context.extractedPreferences.dates.preferred" in updates["fieldsModified"]
    assert len(updates["changes"]["itinerary"]["days"]) == 3
    assert "Here's a 3-day plan" in shorter["reply"]["content"]

    confirmed = await chat.say("Looks good, thanks!")
    assert "confirmed" in confirmed["reply"]["content"]
    doc = await chat.stored()
    assert doc["context"]["currentPhase"] == "confirmation"
    assert doc["context"]["decisions"][-1]["selectedOption"] == "accept"
    assert doc["context"]["goals"][0]["status"] == "achieved"

    analytics = doc["analytics"]
    assert analytics["totalMessages"] == len(doc["messages"]) == 14
    assert analytics["aiMessages"] == 7
    assert analytics["averageResponseTime"] > 0
    assert analytics["performance"]["errorRate"] == 0
    user = await chat.db.users.find_one({"uid": "traveller-flow"})
    [history] = user["conversationHistory"]
    assert history["messageCount"] == 14
    assert "Chicago to Miami" in history["summary"]
    assert user["aiUsage"]["conversation"]["currentMonthUsage"] == 7
    assert user["aiUsage"]["optimization"]["currentMonthUsage"] >= 2


async def test_style_and_assistance_level_shape_the_answer(
    client: httpx.AsyncClient, gateway: FastAPI
) -> None:
    chat = Chat(client, "traveller-style")
    chat.db = gateway.state.resources.db
    patched = await client.patch(
        "/v1/users/me",
        json={
            "aiPreferences": {
                "conversationStyle": "concise",
                "aiAssistanceLevel": "autonomous",
            }
        },
        headers=chat.headers,
    )
    assert patched.status_code == 200, patched.text
    await chat.start()
    turn = await chat.say("3 days from Chicago to Miami from March 10 for 2 people, budget $900")
    content = turn["reply"]["content"]
    assert content.startswith("Here's a 3-day plan visiting Miami")
    assert "Day 1:" not in content  # concise: no day-by-day lines
    doc = await chat.stored()
    reply = doc["messages"][-1]
    assert reply["tripUpdates"]["requiresConfirmation"] is False  # autonomous: applied
    assert reply["followUpActions"] == []
    [decision] = doc["context"]["decisions"]
    assert decision["reasoning"] == "applied automatically (autonomous assistance)"


async def test_the_origin_may_come_from_the_profile(
    client: httpx.AsyncClient, gateway: FastAPI
) -> None:
    chat = Chat(client, "traveller-home")
    chat.db = gateway.state.resources.db
    patched = await client.patch(
        "/v1/users/me", json={"profile": {"location": {"city": "chicago"}}}, headers=chat.headers
    )
    assert patched.status_code == 200, patched.text
    await chat.start()
    turn = await chat.say("3 days in Miami from March 10 for 2 people, budget $900")
    assert turn["reply"]["content"].startswith("Here's a 3-day plan visiting Miami")
    doc = await chat.stored()
    itinerary = doc["messages"][-1]["tripUpdates"]["changes"]["itinerary"]
    assert itinerary["days"][0]["current_city"] == "from Chicago to Miami"
