"""Message analysis: intents, entities with exact offsets, sentiment, corrections, vague wishes."""

from __future__ import annotations

from datetime import date

import pytest

from wayra_ai.errors import InvalidRequest
from wayra_ai.nlu.analysis import MessageAnalysis, analyse_message
from wayra_ai.planner.request import Gazetteer

TODAY = date(2026, 12, 3)


def _analyse(text: str, gazetteer: Gazetteer) -> MessageAnalysis:
    return analyse_message(text, gazetteer, today=TODAY)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Hi there!", "greeting"),
        ("good morning", "greeting"),
        ("Plan a trip from Boston to Miami for 3 days in May, $900", "plan_trip"),
        ("We want to visit Austin with the kids", "plan_trip"),
        ("actually make it 4 days", "modify_trip"),
        ("Can you change the hotel to something with a private room?", "modify_trip"),
        ("How much would a week in Chicago cost?", "ask_budget"),
        ("What is the total price for the plan?", "ask_budget"),
        ("What's the weather like in Seattle in April?", "ask_info"),
        ("Any recommendations for things to do in Dallas?", "ask_info"),
        ("Please book the flights and the hotel", "book"),
        ("yes, sounds good", "confirm"),
        ("ok", "confirm"),
        ("nope, show me other options", "reject"),
        ("Thanks, this is amazing!", "feedback"),
        ("how are you?", "smalltalk"),
        ("tell me a joke", "smalltalk"),
        ("I was charged twice, I need a refund", "support"),
        ("The app keeps crashing when I log in", "support"),
        ("Is Denver expensive in winter?", "ask_budget"),
        ("That's way over budget, no.", "reject"),
        ("Could you make the trip shorter?", "modify_trip"),
        ("swap the hotel for something cheaper", "modify_trip"),
        ("I'm not happy with the suggestions", "feedback"),
        ("perfect, let's go with option 2", "confirm"),
        ("Will it rain in Seattle next weekend?", "ask_info"),
        ("Can you cancel my booking?", "support"),
        ("hello, I need help planning a honeymoon", "plan_trip"),
        ("Good evening! Could you help me find flights?", "plan_trip"),
    ],
)
def test_intents(text: str, intent: str, small_gazetteer: Gazetteer) -> None:
    analysis = _analyse(text, small_gazetteer)
    assert analysis.intent.primary == intent
    assert 0 < analysis.intent.confidence <= 1


def test_secondary_intents_are_kept(small_gazetteer: Gazetteer) -> None:
    analysis = _analyse("Hi! Plan a trip from Boston to Miami next weekend", small_gazetteer)
    assert analysis.intent.primary == "plan_trip"
    assert "greeting" in analysis.intent.secondary


def test_entities_have_exact_offsets(small_gazetteer: Gazetteer) -> None:
    text = (
        "We're a family of four from Boston going to Orlando on March 3rd for 5 days, "
        "budget €2,000. Kids aged 5 and 8, we love museums and Italian food, "
        "we travel with our dog and would rather not fly."
    )
    analysis = _analyse(text, small_gazetteer)
    mentions = {(e.type, e.value, text[e.start_index : e.end_index]) for e in analysis.entities}
    assert {
        ("travellers", "4", "family of four"),
        ("origin", "Boston", "Boston"),
        ("destination", "Orlando", "Orlando"),
        ("start_date", "2027-03-03", "March 3rd"),
        ("duration", "5", "5 days"),
        ("budget", "2000", "€2,000"),
        ("currency", "EUR", "€2,000"),
        ("age", "5", "5"),
        ("age", "8", "8"),
        ("activity", "museums", "museums"),
        ("cuisine", "Italian", "Italian"),
        ("accommodation", "pets", "dog"),
        ("transport_ban", "no flight", "fly"),
    } <= mentions
    starts = [e.start_index for e in analysis.entities]
    assert starts == sorted(starts)


def test_transport_preference_and_accommodation(small_gazetteer: Gazetteer) -> None:
    text = "From Boston to New York by train, private rooms, no driving"
    analysis = _analyse(text, small_gazetteer)
    mentions = {(e.type, e.value, text[e.start_index : e.end_index]) for e in analysis.entities}
    assert ("transport_preference", "train", "train") in mentions
    assert ("accommodation", "private room", "private rooms") in mentions
    assert ("transport_ban", "no self-driving", "driving") in mentions
    assert not any(
        e.type == "transport_preference" and e.value == "self-driving" for e in analysis.entities
    )
    assert {"transport", "accommodation", "destination"} <= set(analysis.topics)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I love this plan, it's perfect!", "positive"),
        ("This is terrible, the worst itinerary ever.", "negative"),
        ("From Boston to Miami on May 2.", "neutral"),
    ],
)
def test_sentiment_labels(text: str, label: str, small_gazetteer: Gazetteer) -> None:
    result = _analyse(text, small_gazetteer).sentiment
    assert result.label == label
    assert -1 <= result.score <= 1
    assert 0 <= result.confidence <= 1
    if label != "neutral":
        assert (result.score > 0) == (label == "positive")


def test_correction_of_days(small_gazetteer: Gazetteer) -> None:
    analysis = _analyse("actually make it 4 days", small_gazetteer)
    assert analysis.preferences.days == 4
    assert [(c.field, c.value) for c in analysis.corrections] == [("days", "4")]


def test_correction_of_budget(small_gazetteer: Gazetteer) -> None:
    analysis = _analyse("budget is now $1,800", small_gazetteer)
    assert analysis.intent.primary == "modify_trip"
    assert analysis.preferences.budget == 1800
    assert ("budget", "1800") in [(c.field, c.value) for c in analysis.corrections]


def test_correction_replacing_a_destination(small_gazetteer: Gazetteer) -> None:
    analysis = _analyse("not Miami, Tampa", small_gazetteer)
    assert analysis.preferences.destination == "Tampa"
    assert analysis.preferences.rejected_places == ["Miami"]
    destination = [c for c in analysis.corrections if c.field == "destination"]
    assert [(c.value, c.replaces) for c in destination] == [("Tampa", "Miami")]
    assert analysis.intent.primary == "modify_trip"


def test_plain_request_is_not_a_correction(small_gazetteer: Gazetteer) -> None:
    analysis = _analyse("Plan 3 days in Tampa from Boston, $900", small_gazetteer)
    assert analysis.corrections == []


def test_vague_wish_gives_a_month_hint_not_dates(small_gazetteer: Gazetteer) -> None:
    text = "somewhere warm in March, two of us"
    analysis = _analyse(text, small_gazetteer)
    trip = analysis.preferences
    assert (trip.start_date, trip.end_date, trip.days) == (None, None, None)
    assert trip.travel_month == "2027-03"
    assert trip.adults == 2
    assert trip.destination is None
    mentions = {(e.type, e.value, text[e.start_index : e.end_index]) for e in analysis.entities}
    assert ("month", "2027-03", "March") in mentions
    assert ("interest", "warm weather", "warm") in mentions
    assert analysis.intent.primary == "plan_trip"
    assert "destination" in trip.missing()


def test_invalid_request_is_analysed_but_cannot_become_a_plan(small_gazetteer: Gazetteer) -> None:
    analysis = _analyse("Boston to Springfield May 2 to May 5, budget -$300", small_gazetteer)
    assert analysis.preferences.unknown_places == ["Springfield"]
    assert any(e.type == "unknown_place" and e.value == "Springfield" for e in analysis.entities)
    with pytest.raises(InvalidRequest, match="Springfield"):
        analysis.preferences.to_request()


def test_urgency_scale(small_gazetteer: Gazetteer) -> None:
    calm = _analyse("Maybe a trip to Tampa next summer", small_gazetteer).urgency
    soon = _analyse("We need to leave for Tampa tomorrow", small_gazetteer).urgency
    emergency = _analyse("I missed my flight and I'm stranded, help ASAP!", small_gazetteer)
    assert calm == 0
    assert 0 < soon < emergency.urgency <= 1
    assert emergency.intent.primary == "support"
    assert "support" in emergency.topics


def test_seed_document_has_exactly_the_seed_fields(small_gazetteer: Gazetteer) -> None:
    document = _analyse("Boston to Miami, March 3 for 4 days", small_gazetteer).seed_document()
    assert set(document) == {"sentiment", "intent", "entities", "topics", "urgency"}
    assert set(document["sentiment"]) == {"score", "label", "confidence"}
    assert set(document["intent"]) == {"primary", "secondary", "confidence"}
    assert set(document["entities"][0]) == {"type", "value", "confidence", "startIndex", "endIndex"}


def test_analysis_is_deterministic(small_gazetteer: Gazetteer) -> None:
    text = "Hi! two of us from Chicago to Austin next weekend, $1.2k, Thai food, no flights"
    assert _analyse(text, small_gazetteer) == _analyse(text, small_gazetteer)


@pytest.mark.parametrize(
    ("text", "field", "value", "replaces"),
    [
        ("instead of 3 days let's make it 5 days", "days", "5", "3"),
        ("change the budget from $2,000 to $1,500", "budget", "1500", "2000"),
        ("instead of $2000, make it $1500", "budget", "1500", "2000"),
        ("Tampa, not Miami", "destination", "Tampa", "Miami"),
        ("not Miami", "destination", "", "Miami"),
        ("actually from Dallas", "origin", "Dallas", None),
        ("let's do Austin instead", "destination", "Austin", None),
    ],
)
def test_corrections_expose_the_replaced_value(
    text: str, field: str, value: str, replaces: str | None, small_gazetteer: Gazetteer
) -> None:
    analysis = _analyse(text, small_gazetteer)
    assert analysis.intent.primary == "modify_trip"
    assert (field, value, replaces) in [
        (c.field, c.value, c.replaces) for c in analysis.corrections
    ]


def test_replaced_amount_is_not_the_budget(small_gazetteer: Gazetteer) -> None:
    trip = _analyse("instead of $2000, make it $1500", small_gazetteer).preferences
    assert trip.budget == 1500


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("A trip for two to Austin", "two"),
        ("we are 4, heading to Dallas", "4"),
        ("a family of four to Tampa", "family of four"),
    ],
)
def test_party_mentions_are_tight(text: str, mention: str, small_gazetteer: Gazetteer) -> None:
    analysis = _analyse(text, small_gazetteer)
    found = [text[e.start_index : e.end_index] for e in analysis.entities if e.type == "travellers"]
    assert found == [mention]


@pytest.mark.parametrize(
    ("text", "budget", "mention"),
    [
        ("budget between $2,000 and $3,000", 3000, "$3,000"),
        ("around $2k - $3k", 3000, "$3k"),
        ("budget 1500 to 2000 dollars", 2000, "2000 dollars"),
        ("a budget of -$500", -500, "-$500"),
    ],
)
def test_budget_ranges_take_the_upper_end(
    text: str, budget: float, mention: str, small_gazetteer: Gazetteer
) -> None:
    analysis = _analyse(text, small_gazetteer)
    assert analysis.preferences.budget == budget
    found = [text[e.start_index : e.end_index] for e in analysis.entities if e.type == "budget"]
    assert found == [mention]
    assert analysis.corrections == []


def test_i_with_friends_counts_the_speaker(small_gazetteer: Gazetteer) -> None:
    assert _analyse("I am going with 2 friends to Miami", small_gazetteer).preferences.adults == 3
