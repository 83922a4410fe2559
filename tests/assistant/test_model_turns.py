"""Chat turns with a model: the real OpenAI SDK against a local upstream speaking its protocol."""

from __future__ import annotations

import json
from typing import Any

import httpx
from fastapi import FastAPI

from fake_upstream import FakeUpstream, Step, chunk, completion, usage
from wayra_ai.auth.dev_token import make_dev_token

NO_EXTRACTION = {
    "origin": None,
    "destination": None,
    "start_date": None,
    "days": None,
    "adults": None,
    "children": None,
    "budget": None,
}
PLAN_REQUEST = "3 days from Chicago to Miami starting March 10 for 2 people, budget $900"


def extraction(**found: Any) -> Step:
    return Step(body=completion(json.dumps({**NO_EXTRACTION, **found})))


def headers(uid: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_dev_token(uid, email=f'{uid}@example.com')}"}


async def turn(client: httpx.AsyncClient, uid: str, text: str) -> tuple[str, dict[str, Any]]:
    created = await client.post("/v1/conversations", json={}, headers=headers(uid))
    conversation_id = created.json()["conversationId"]
    response = await client.post(
        f"/v1/conversations/{conversation_id}/messages",
        json={"content": text},
        headers=headers(uid),
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return conversation_id, body


async def test_a_faithful_rephrasing_is_sent_with_exact_tokens_and_cost(
    model_client: httpx.AsyncClient, model_gateway: FastAPI, upstream: FakeUpstream
) -> None:
    rephrased = "Where are you dreaming of going? A city, or a state and how many cities."
    upstream.push(
        extraction(),
        Step(body=completion(rephrased, usage_body=usage(120, 30, cached=100, reasoning=10))),
    )
    _, body = await turn(model_client, "model-1", "Hi, I'd like to plan a trip")
    reply = body["reply"]
    assert reply["content"] == rephrased
    metadata = reply["aiMetadata"]
    assert (metadata["provider"], metadata["model"]) == ("openai", "gpt-4o-mini")
    # reply: 20 fresh + 100 cached input, 30 output; extraction: 10 input, 5 output (USD/1M:
    # input 0.15, cached 0.075, output 0.60)
    assert metadata["tokens"] == {
        "input": 130,
        "output": 35,
        "total": 165,
        "cached": 100,
        "reasoning": 10,
    }
    assert metadata["cost"] == 0.000033
    extraction_call, reply_call = upstream.requests
    assert extraction_call.body["response_format"]["type"] == "json_schema"
    assert reply_call.body["messages"][-1]["role"] == "system"
    assert "Where would you like to go?" in reply_call.body["messages"][-1]["content"]
    user = await model_gateway.state.resources.db.users.find_one({"uid": "model-1"})
    assert user["aiUsage"]["conversation"]["totalCost"] == 0.000033


async def test_an_invented_price_never_reaches_the_traveller(
    model_client: httpx.AsyncClient, model_gateway: FastAPI, upstream: FakeUpstream
) -> None:
    upstream.push(
        extraction(),
        Step(body=completion("Great news: the whole trip is only $99 at the Ritz Palace!")),
    )
    conversation_id, body = await turn(model_client, "model-2", PLAN_REQUEST)
    reply = body["reply"]
    assert reply["content"].startswith("Here's a 3-day plan visiting Miami")
    assert "$99 " not in reply["content"]
    assert "Ritz" not in reply["content"]
    assert "guard" in reply["aiMetadata"]
    doc = await model_gateway.state.resources.db.conversations.find_one(
        {"conversationId": conversation_id}
    )
    assert doc["messages"][-1]["content"] == reply["content"]


async def test_a_models_extraction_only_fills_gaps_with_checked_values(
    model_client: httpx.AsyncClient, model_gateway: FastAPI, upstream: FakeUpstream
) -> None:
    upstream.push(extraction(destination="Chicago", origin="Atlantis", budget=5000))
    conversation_id, _ = await turn(
        model_client, "model-3", "We'd love the Windy City, budget of $900 for us"
    )
    doc = await model_gateway.state.resources.db.conversations.find_one(
        {"conversationId": conversation_id}
    )
    preferences = doc["context"]["extractedPreferences"]
    assert preferences["destinations"][0]["name"] == "Chicago"  # known to the inventory
    assert preferences["budget"]["total"] == 900  # the rules' figure, not the model's 5000
    assert "origin" not in preferences  # "Atlantis" is no place we know


async def test_a_failing_model_falls_back_to_the_offline_draft(
    model_client: httpx.AsyncClient, model_gateway: FastAPI, upstream: FakeUpstream
) -> None:
    refused = Step(status=400, body={"error": {"type": "invalid_request_error"}})
    upstream.push(refused, refused)
    conversation_id, body = await turn(model_client, "model-4", PLAN_REQUEST)
    assert body["reply"]["aiMetadata"]["provider"] == "offline"
    assert body["reply"]["content"].startswith("Here's a 3-day plan visiting Miami")
    doc = await model_gateway.state.resources.db.conversations.find_one(
        {"conversationId": conversation_id}
    )
    assert doc["analytics"]["performance"]["errorRate"] == 1.0


async def test_identical_requests_reuse_extraction_plan_and_reply(
    model_client: httpx.AsyncClient, model_gateway: FastAPI, upstream: FakeUpstream
) -> None:
    upstream.push(extraction(), Step(body=completion("Where would you like to go?")))
    _, first = await turn(model_client, "model-5", "Hi, I'd like to plan a trip")
    calls = len(upstream.requests)
    _, second = await turn(model_client, "model-5", "Hi, I'd like to plan a trip")
    assert len(upstream.requests) == calls == 2  # no model call the second time
    assert second["reply"]["content"] == first["reply"]["content"]
    assert second["reply"]["aiMetadata"]["cacheHit"] is True
    assert second["reply"]["aiMetadata"]["cost"] == 0
    stats = model_gateway.state.resources.extras["turn_cache"].stats
    assert stats["reply.hit"] == 1
    assert stats["extract.hit"] == 1


async def test_streamed_reply_with_an_invented_figure_is_replaced_by_the_draft(
    model_client: httpx.AsyncClient, upstream: FakeUpstream
) -> None:
    events = [chunk("Here is your plan. "), chunk("It costs just $12 in total. "), chunk("Enjoy!")]
    upstream.push(extraction(), Step(events=[*events, chunk(None, usage_body=usage(50, 20))]))
    created = await model_client.post("/v1/conversations", json={}, headers=headers("model-6"))
    conversation_id = created.json()["conversationId"]
    async with model_client.stream(
        "POST",
        f"/v1/conversations/{conversation_id}/messages",
        json={"content": PLAN_REQUEST},
        headers={**headers("model-6"), "Accept": "text/event-stream"},
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        raw = "".join([part async for part in response.aiter_text()])
    parsed = [
        (block.split("\n")[0].removeprefix("event: "), json.loads(block.split("\n")[1][6:]))
        for block in raw.strip().split("\n\n")
    ]
    kinds = [kind for kind, _ in parsed]
    assert kinds == ["delta", "replace", "done"]
    assert parsed[0][1]["text"] == "Here is your plan. "  # checked, so it went out
    draft = parsed[1][1]["text"]
    assert draft.startswith("Here's a 3-day plan visiting Miami")
    done = parsed[2][1]
    assert done["reply"]["content"] == draft
    assert done["reply"]["aiMetadata"]["tokens"]["output"] == 25  # 20 reply + 5 extraction
