"""The trip-request parser on TravelPlanner's queries and on sentences it was not tuned to."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from wayra_ai.errors import InvalidRequest
from wayra_ai.nlu.trip_parser import ParsedTrip, default_cities_for, parse_trip_request
from wayra_ai.planner.request import Gazetteer, HouseRule, RoomType, TransportBan, Travellers

TODAY = date(2026, 12, 3)  # a Thursday


def _rows(travelplanner: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for name in ("train.jsonl", "validation_sample.jsonl")
        for line in (travelplanner / name).read_text().splitlines()
        if line.strip()
    ]


@pytest.mark.travelplanner
def test_every_travelplanner_query_parses_to_its_structured_fields(
    travelplanner_dir: Path, tp_gazetteer: Gazetteer
) -> None:
    rows = _rows(travelplanner_dir)
    assert len(rows) == 48
    mismatches = []
    for row in rows:
        parsed = parse_trip_request(row["query"], tp_gazetteer, today=TODAY)
        request = parsed.to_request()
        constraint = row["local_constraint"]
        got = {
            "org": request.origin,
            "dest": request.destination,
            "days": request.days,
            "visiting_city_number": request.cities_to_visit,
            "date": [day.isoformat() for day in request.dates],
            "people_number": request.people,
            "house rule": [rule.value for rule in request.house_rules],
            "cuisine": list(request.cuisines),
            "room type": request.room_type.value if request.room_type else None,
            "transportation": [ban.value for ban in request.transport_bans],
            "budget": request.budget,
        }
        expected = {
            "org": row["org"],
            "dest": row["dest"],
            "days": row["days"],
            "visiting_city_number": row["visiting_city_number"],
            "date": row["date"],
            "people_number": row["people_number"],
            "house rule": [constraint["house rule"]] if constraint["house rule"] else [],
            "cuisine": constraint["cuisine"] or [],
            "room type": constraint["room type"],
            "transportation": [constraint["transportation"]]
            if constraint["transportation"]
            else [],
            "budget": row["budget"],
        }
        if got != expected:
            mismatches.append((row["query"], got, expected))
        assert request.destination_is_region == (row["visiting_city_number"] > 1)
    assert mismatches == []


# Sentences written for these tests, not taken from the data set. Each maps to the
# fields it must produce; fields not named must stay at their defaults.
CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "Two of us want to go from Boston to Miami next weekend, budget up to 2300 dollars.",
        {
            "origin": "Boston",
            "destination": "Miami",
            "cities_to_visit": 1,
            "start_date": date(2026, 12, 12),
            "end_date": date(2026, 12, 13),
            "days": 2,
            "adults": 2,
            "budget": 2300.0,
            "currency": "USD",
        },
    ),
    (
        "A family of four (2 adults, 2 kids) from Chicago heading to Orlando for 5 days "
        "starting March 3. We travel with our dog. No flights please!",
        {
            "origin": "Chicago",
            "destination": "Orlando",
            "cities_to_visit": 1,
            "start_date": date(2027, 3, 3),
            "end_date": date(2027, 3, 7),
            "days": 5,
            "adults": 2,
            "children": 2,
            "house_rules": [HouseRule.PETS],
            "transport_bans": [TransportBan.NO_FLIGHT],
        },
    ),
    (
        "solo trip to Denver for a week, 1.5k max",
        {"destination": "Denver", "cities_to_visit": 1, "days": 7, "adults": 1, "budget": 1500.0},
    ),
    (
        "I live in Seattle and want to see three cities in Texas in April, €800 in total",
        {
            "origin": "Seattle",
            "destination": "Texas",
            "destination_is_region": True,
            "cities_to_visit": 3,
            "budget": 800.0,
            "currency": "EUR",
            "travel_month": "2027-04",
        },
    ),
    (
        "group of 8 from new york to las vegas from Dec 30 to Jan 2, we don't plan to drive",
        {
            "origin": "New York",
            "destination": "Las Vegas",
            "cities_to_visit": 1,
            "start_date": date(2026, 12, 30),
            "end_date": date(2027, 1, 2),
            "days": 4,
            "adults": 8,
            "transport_bans": [TransportBan.NO_SELF_DRIVING],
        },
    ),
    (
        "We'd like Indian and Thai food, an entire home, and parties allowed.",
        {
            "house_rules": [HouseRule.PARTIES],
            "room_type": RoomType.ENTIRE,
            "cuisines": ["Indian", "Thai"],
        },
    ),
    (
        "Portland, Oregon to Washington DC for 4 days in mid-May; smoking please",
        {
            "origin": "Portland",
            "destination": "Washington",
            "cities_to_visit": 1,
            "days": 4,
            "house_rules": [HouseRule.SMOKING],
            "travel_month": "2027-05",
        },
    ),
    (
        "my wife and I are flying out of St Louis to Saint Petersburg on 3/14 for three days",
        {
            "origin": "St. Louis",
            "destination": "St. Petersburg",
            "cities_to_visit": 1,
            "start_date": date(2027, 3, 14),
            "end_date": date(2027, 3, 16),
            "days": 3,
            "adults": 2,
        },
    ),
    (
        "We're 3 from Houston, visiting 2 cities in Washington state for 5 days, not shared",
        {
            "origin": "Houston",
            "destination": "Washington",
            "destination_is_region": True,
            "cities_to_visit": 2,
            "days": 5,
            "adults": 3,
            "room_type": RoomType.NOT_SHARED,
        },
    ),
    ("somewhere warm in March", {"travel_month": "2027-03"}),
    (
        "Boston to Chicago from the 8th to the 10th of March, 2022",
        {
            "origin": "Boston",
            "destination": "Chicago",
            "cities_to_visit": 1,
            "start_date": date(2022, 3, 8),
            "end_date": date(2022, 3, 10),
            "days": 3,
        },
    ),
    ("our mission is a cheap trip to Tampa", {"destination": "Tampa", "cities_to_visit": 1}),
    (
        "I'm in Denver. Thinking about a long weekend in New York, something under $900",
        {
            "origin": "Denver",
            "destination": "New York",
            "cities_to_visit": 1,
            "days": 3,
            "budget": 900.0,
            "currency": "USD",
        },
    ),
    (
        "Can we do Miami instead of Tampa?",
        {"destination": "Miami", "cities_to_visit": 1, "rejected_places": ["Tampa"]},
    ),
    (
        "not Miami, Tampa. Budget is now $1,800",
        {
            "destination": "Tampa",
            "cities_to_visit": 1,
            "budget": 1800.0,
            "currency": "USD",
            "rejected_places": ["Miami"],
        },
    ),
    (
        "heading to Springfield, Illinois from Chicago",
        {"origin": "Chicago", "unknown_places": ["Springfield"]},
    ),
    (
        "2027-01-10 to 2027-01-14, a pair of us leaving Austin for Seattle",
        {
            "origin": "Austin",
            "destination": "Seattle",
            "cities_to_visit": 1,
            "start_date": date(2027, 1, 10),
            "end_date": date(2027, 1, 14),
            "days": 5,
            "adults": 2,
        },
    ),
    (
        "Just me, flying from Dallas to Boston tomorrow for 3 nights. I can spend 1200.",
        {
            "origin": "Dallas",
            "destination": "Boston",
            "cities_to_visit": 1,
            "start_date": date(2026, 12, 4),
            "end_date": date(2026, 12, 7),
            "days": 4,
            "adults": 1,
            "budget": 1200.0,
        },
    ),
    (
        "Plan 10 days around Florida for a couple, £2k, we'd rather not fly",
        {
            "destination": "Florida",
            "destination_is_region": True,
            "cities_to_visit": 4,
            "days": 10,
            "adults": 2,
            "budget": 2000.0,
            "currency": "GBP",
            "transport_bans": [TransportBan.NO_FLIGHT],
        },
    ),
    (
        "3 adults and a toddler, Houston to Orlando, need a place that's OK with kids under 5",
        {
            "origin": "Houston",
            "destination": "Orlando",
            "cities_to_visit": 1,
            "adults": 3,
            "children": 1,
            "house_rules": [HouseRule.CHILDREN_UNDER_10],
        },
    ),
    (
        "We want a non-smoking private room and no pets around, in Austin",
        {"destination": "Austin", "cities_to_visit": 1, "room_type": RoomType.PRIVATE},
    ),
    (
        "Bachelor party of 6 to Las Vegas! We need to host parties and have visitors over.",
        {
            "destination": "Las Vegas",
            "cities_to_visit": 1,
            "adults": 6,
            "house_rules": [HouseRule.PARTIES, HouseRule.VISITORS],
        },
    ),
    (
        "Shared rooms are fine, we're students on a tight budget of 600 USD heading to NYC",
        {
            "destination": "New York",
            "cities_to_visit": 1,
            "room_type": RoomType.SHARED,
            "budget": 600.0,
            "currency": "USD",
        },
    ),
    (
        "We don't want a shared room. Seafood, BBQ and pizza are a must.",
        {"room_type": RoomType.NOT_SHARED, "cuisines": ["Seafood", "BBQ", "Pizza"]},
    ),
    (
        "Going from Miami to Chicago on Jan 5th through Jan 9th. No car, so no driving.",
        {
            "origin": "Miami",
            "destination": "Chicago",
            "cities_to_visit": 1,
            "start_date": date(2027, 1, 5),
            "end_date": date(2027, 1, 9),
            "days": 5,
            "transport_bans": [TransportBan.NO_SELF_DRIVING],
        },
    ),
    (
        "Seattle -> Portland next Friday, 2 nights, cafe and desserts, up to $450",
        {
            "origin": "Seattle",
            "destination": "Portland",
            "cities_to_visit": 1,
            "start_date": date(2026, 12, 4),
            "end_date": date(2026, 12, 6),
            "days": 3,
            "cuisines": ["Cafe", "Desserts"],
            "budget": 450.0,
            "currency": "USD",
        },
    ),
    (
        "a week in Texas starting February 1, visiting 2 different cities, for six people",
        {
            "destination": "Texas",
            "destination_is_region": True,
            "cities_to_visit": 2,
            "start_date": date(2027, 2, 1),
            "end_date": date(2027, 2, 7),
            "days": 7,
            "adults": 6,
        },
    ),
    (
        "Can you plan something in Florida for five days from Boston?",
        {
            "origin": "Boston",
            "destination": "Florida",
            "destination_is_region": True,
            "cities_to_visit": 2,
            "days": 5,
        },
    ),
    (
        "A trip to Washington for 3 days",
        {"destination": "Washington", "cities_to_visit": 1, "days": 3},
    ),
    (
        "Three cities in Washington over 7 days, leaving from Austin",
        {
            "origin": "Austin",
            "destination": "Washington",
            "destination_is_region": True,
            "cities_to_visit": 3,
            "days": 7,
        },
    ),
    (
        "We love Mexican and Italian cuisine but hate fast food",
        {"cuisines": ["Mexican", "Italian"]},
    ),
    (
        "American Airlines from Houston to Boston",
        {"origin": "Houston", "destination": "Boston", "cities_to_visit": 1},
    ),
    (
        "Budget: 3,500 EUR for 4 travellers, Chicago to Dallas, 16-18 April 2027",
        {
            "origin": "Chicago",
            "destination": "Dallas",
            "cities_to_visit": 1,
            "start_date": date(2027, 4, 16),
            "end_date": date(2027, 4, 18),
            "days": 3,
            "adults": 4,
            "budget": 3500.0,
            "currency": "EUR",
        },
    ),
    (
        "Hi! How are you today?",
        {"start_date": date(2026, 12, 3)},
    ),
    ("thanks, that looks great", {}),
    (
        "5 friends, Tampa, a fortnight in July, spend about two thousand dollars",
        {
            "destination": "Tampa",
            "cities_to_visit": 1,
            "days": 14,
            "adults": 5,
            "budget": 2000.0,
            "currency": "USD",
            "travel_month": "2027-07",
        },
    ),
    (
        "we're flying into Boston on December 20 and out on December 23",
        {
            "destination": "Boston",
            "cities_to_visit": 1,
            "start_date": date(2026, 12, 20),
            "end_date": date(2026, 12, 23),
            "days": 4,
        },
    ),
    (
        "I am travelling alone from Buffalo and I'm allergic to smoke, so nothing shared",
        {"origin": "Buffalo", "adults": 1, "room_type": RoomType.NOT_SHARED},
    ),
    (
        "Me and my partner, Dallas to Miami, March 16th to 18th, budget's 1.2k",
        {
            "origin": "Dallas",
            "destination": "Miami",
            "cities_to_visit": 1,
            "start_date": date(2027, 3, 16),
            "end_date": date(2027, 3, 18),
            "days": 3,
            "adults": 2,
            "budget": 1200.0,
        },
    ),
    (
        "Team of 12 from Orlando to Houston, Vegetarian and Japanese food, whole apartment",
        {
            "origin": "Orlando",
            "destination": "Houston",
            "cities_to_visit": 1,
            "adults": 12,
            "room_type": RoomType.ENTIRE,
            "cuisines": ["Vegetarian", "Japanese"],
        },
    ),
    (
        "I'd like to go to Chicago from Denver, leaving on the 5th of June and coming back on "
        "the 9th. There'll be 3 of us. Max spend $2500.",
        {
            "origin": "Denver",
            "destination": "Chicago",
            "cities_to_visit": 1,
            "start_date": date(2027, 6, 5),
            "end_date": date(2027, 6, 9),
            "days": 5,
            "adults": 3,
            "budget": 2500.0,
            "currency": "USD",
        },
    ),
    (
        "We're flying Boston -> Denver on 6/12 returning 6/15, budget 1800 USD, 4 people, "
        "no smoking, need entire place",
        {
            "origin": "Boston",
            "destination": "Denver",
            "cities_to_visit": 1,
            "start_date": date(2027, 6, 12),
            "end_date": date(2027, 6, 15),
            "days": 4,
            "adults": 4,
            "budget": 1800.0,
            "currency": "USD",
            "room_type": RoomType.ENTIRE,
        },
    ),
    (
        "budget per person $500 for 4 people, Boston to Miami",
        {
            "origin": "Boston",
            "destination": "Miami",
            "cities_to_visit": 1,
            "adults": 4,
            "budget": 2000.0,
            "currency": "USD",
        },
    ),
    (
        "$150 a night, 4 nights in Tampa",
        {
            "destination": "Tampa",
            "cities_to_visit": 1,
            "days": 5,
            "budget": 600.0,
            "currency": "USD",
        },
    ),
    (
        "Fly from Boston to Seattle in two weeks for 5 days",
        {
            "origin": "Boston",
            "destination": "Seattle",
            "cities_to_visit": 1,
            "start_date": date(2026, 12, 17),
            "end_date": date(2026, 12, 21),
            "days": 5,
        },
    ),
    (
        "two couples from Boston heading to Austin, each of us can spend $400",
        {
            "origin": "Boston",
            "destination": "Austin",
            "cities_to_visit": 1,
            "adults": 4,
            "budget": 1600.0,
            "currency": "USD",
        },
    ),
    (
        "Maybe Las Vegas? From Dallas. Dates: 2027/02/14 - 2027/02/17. Just the two of us.",
        {
            "origin": "Dallas",
            "destination": "Las Vegas",
            "cities_to_visit": 1,
            "start_date": date(2027, 2, 14),
            "end_date": date(2027, 2, 17),
            "days": 4,
            "adults": 2,
        },
    ),
    (
        "a Denver-based couple wants to see Austin 16/03/2027 to 20/03/2027",
        {
            "origin": "Denver",
            "destination": "Austin",
            "cities_to_visit": 1,
            "start_date": date(2027, 3, 16),
            "end_date": date(2027, 3, 20),
            "days": 5,
            "adults": 2,
        },
    ),
    (
        "from Chicago to Houston for my family of 3, leaving tomorrow and back on Sunday",
        {
            "origin": "Chicago",
            "destination": "Houston",
            "cities_to_visit": 1,
            "start_date": date(2026, 12, 4),
            "end_date": date(2026, 12, 6),
            "days": 3,
            "adults": 3,
        },
    ),
    (
        "three friends and I from Chicago to Denver Friday to Sunday, 1500 max",
        {
            "origin": "Chicago",
            "destination": "Denver",
            "cities_to_visit": 1,
            "start_date": date(2026, 12, 4),
            "end_date": date(2026, 12, 6),
            "days": 3,
            "adults": 4,
            "budget": 1500.0,
        },
    ),
    (
        "My partner and I don't eat meat so vegetarian restaurants please, and Cuban food",
        {"adults": 2, "cuisines": ["Vegetarian", "Cuban"]},
    ),
    (
        "Trip to Miami! Don't want to fly, we'll drive.",
        {"destination": "Miami", "cities_to_visit": 1, "transport_bans": [TransportBan.NO_FLIGHT]},
    ),
    (
        "hey so me and my bf wanna do nyc for new years, dec 30 - jan 2, from chicago, "
        "~$1500 total",
        {
            "origin": "Chicago",
            "destination": "New York",
            "cities_to_visit": 1,
            "start_date": date(2026, 12, 30),
            "end_date": date(2027, 1, 2),
            "days": 4,
            "adults": 2,
            "budget": 1500.0,
            "currency": "USD",
        },
    ),
    (
        "4 ppl, Seattle -> Spokane, Mar 3-6, 900 budget",
        {
            "origin": "Seattle",
            "destination": "Spokane",
            "cities_to_visit": 1,
            "start_date": date(2027, 3, 3),
            "end_date": date(2027, 3, 6),
            "days": 4,
            "adults": 4,
            "budget": 900.0,
        },
    ),
    (
        "From Austin to Houston, March 1st-3rd 2022, just one traveler, visitors must be allowed",
        {
            "origin": "Austin",
            "destination": "Houston",
            "cities_to_visit": 1,
            "start_date": date(2022, 3, 1),
            "end_date": date(2022, 3, 3),
            "days": 3,
            "adults": 1,
            "house_rules": [HouseRule.VISITORS],
        },
    ),
    (
        "Organise a 2-person getaway from Miami to Tampa, no flying.",
        {
            "origin": "Miami",
            "destination": "Tampa",
            "cities_to_visit": 1,
            "adults": 2,
            "transport_bans": [TransportBan.NO_FLIGHT],
        },
    ),
    (
        "No shared bathrooms or shared rooms please; private room is a must",
        {"room_type": RoomType.PRIVATE},
    ),
    (
        "Boston to Miami from March third to the fifth, the 2 of us",
        {
            "origin": "Boston",
            "destination": "Miami",
            "cities_to_visit": 1,
            "start_date": date(2027, 3, 3),
            "end_date": date(2027, 3, 5),
            "days": 3,
            "adults": 2,
        },
    ),
    (
        "the twenty-first of June until the twenty-fourth of June in Austin",
        {
            "destination": "Austin",
            "cities_to_visit": 1,
            "start_date": date(2027, 6, 21),
            "end_date": date(2027, 6, 24),
            "days": 4,
        },
    ),
    (
        "Flights are not an option for us; Boston to Chicago. Smoking is not allowed.",
        {
            "origin": "Boston",
            "destination": "Chicago",
            "cities_to_visit": 1,
            "transport_bans": [TransportBan.NO_FLIGHT],
        },
    ),
    (
        "Me, my wife and two kids from Dallas to Austin; pets welcome, parties are a no-go",
        {
            "origin": "Dallas",
            "destination": "Austin",
            "cities_to_visit": 1,
            "adults": 2,
            "children": 2,
            "house_rules": [HouseRule.PETS],
        },
    ),
    (
        "We'd prefer to avoid self-driving and we're not keen on flying",
        {"transport_bans": [TransportBan.NO_FLIGHT, TransportBan.NO_SELF_DRIVING]},
    ),
    (
        "a 7-day journey for two in Texas, starting from Dallas, March 1st to 7th 2022, $3,000",
        {
            "origin": "Dallas",
            "destination": "Texas",
            "destination_is_region": True,
            "cities_to_visit": 3,
            "start_date": date(2022, 3, 1),
            "end_date": date(2022, 3, 7),
            "days": 7,
            "adults": 2,
            "budget": 3000.0,
            "currency": "USD",
        },
    ),
    (
        "We're a couple looking to leave Boston on March 21st, 2022 and return March 23rd, "
        "2022, destination Tampa. We'll spend no more than $1,100.",
        {
            "origin": "Boston",
            "destination": "Tampa",
            "cities_to_visit": 1,
            "start_date": date(2022, 3, 21),
            "end_date": date(2022, 3, 23),
            "days": 3,
            "adults": 2,
            "budget": 1100.0,
            "currency": "USD",
        },
    ),
    (
        "A family of 6 (2 parents and 4 children) from Houston to Denver, 3/10/2022 to "
        "3/12/2022. Budget $8k. Must be kid friendly and we can't fly.",
        {
            "origin": "Houston",
            "destination": "Denver",
            "cities_to_visit": 1,
            "start_date": date(2022, 3, 10),
            "end_date": date(2022, 3, 12),
            "days": 3,
            "adults": 2,
            "children": 4,
            "budget": 8000.0,
            "currency": "USD",
            "house_rules": [HouseRule.CHILDREN_UNDER_10],
            "transport_bans": [TransportBan.NO_FLIGHT],
        },
    ),
    (
        "Our group of five would like to visit three cities in Texas in a week, starting on "
        "March 8th, 2022 from Boston; budget around 6 grand.",
        {
            "origin": "Boston",
            "destination": "Texas",
            "destination_is_region": True,
            "cities_to_visit": 3,
            "start_date": date(2022, 3, 8),
            "end_date": date(2022, 3, 14),
            "days": 7,
            "adults": 5,
            "budget": 6000.0,
        },
    ),
]

_DEFAULTS = ParsedTrip().model_dump(exclude={"spans"})


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:40] for text, _ in CASES])
def test_varied_requests(text: str, expected: dict[str, Any], small_gazetteer: Gazetteer) -> None:
    parsed = parse_trip_request(text, small_gazetteer, today=TODAY)
    got = parsed.model_dump(exclude={"spans"})
    assert got == {**_DEFAULTS, **expected}


def test_at_least_forty_own_sentences() -> None:
    assert len(CASES) >= 40


def test_spans_point_at_their_mentions(small_gazetteer: Gazetteer) -> None:
    text = "From Boston to Miami, March 3 to March 7, two of us, $1,500, Thai food."
    parsed = parse_trip_request(text, small_gazetteer, today=TODAY)
    found = {(span.type, span.value, text[span.start : span.end]) for span in parsed.spans}
    assert {
        ("origin", "Boston", "Boston"),
        ("destination", "Miami", "Miami"),
        ("start_date", "2027-03-03", "March 3"),
        ("end_date", "2027-03-07", "March 7"),
        ("travellers", "2", "two of us"),
        ("budget", "1500", "$1,500"),
        ("cuisine", "Thai", "Thai"),
    } <= found


def test_unknown_city_is_reported_not_guessed(small_gazetteer: Gazetteer) -> None:
    parsed = parse_trip_request(
        "from Springfield to Boston on May 2 for 3 days, $900", small_gazetteer, today=TODAY
    )
    assert parsed.unknown_places == ["Springfield"]
    assert parsed.origin is None
    with pytest.raises(InvalidRequest, match="Springfield"):
        parsed.to_request()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Boston to Miami May 2 to May 5 with a budget of -$500", "budget must be positive"),
        ("Boston to Miami from May 5 to May 2, $900", "before the start date"),
        ("Boston to Miami May 2 to May 5, $900, 0 people", "at least one traveller"),
        ("Boston to Miami, $900", "missing: start date, days"),
        ("to Miami from May 2 to May 5, $900", "missing: origin"),
        ("Boston to Boston from May 2 to May 5, $900", "both Boston"),
        ("Boston to Miami from May 1 to June 20, $900", "1 to 30 days"),
        ("Boston to Texas, 5 cities, May 2 to May 4, $900", "too few"),
    ],
)
def test_invalid_requests_raise_clear_errors(
    text: str, message: str, small_gazetteer: Gazetteer
) -> None:
    parsed = parse_trip_request(text, small_gazetteer, today=TODAY)
    with pytest.raises(InvalidRequest, match=message) as raised:
        parsed.to_request()
    assert raised.value.status_code == 422


def test_defaults_fill_gaps_but_never_override(small_gazetteer: Gazetteer) -> None:
    parsed = parse_trip_request(
        "Miami from May 2 to May 4 for 2, budget 700", small_gazetteer, today=TODAY
    )
    assert parsed.missing() == ["origin"]
    request = parsed.to_request(origin="Boston", budget=5000, currency="EUR")
    assert (request.origin, request.destination, request.budget) == ("Boston", "Miami", 700)
    assert request.currency == "EUR"  # the text named no currency
    assert (request.people, request.days) == (2, 3)
    assert request.start_date == date(2027, 5, 2)


def test_missing_lists_most_important_first(small_gazetteer: Gazetteer) -> None:
    assert parse_trip_request("hello", small_gazetteer, today=TODAY).missing() == [
        "destination",
        "start_date",
        "days",
        "origin",
        "budget",
    ]


def test_region_city_count_follows_travelplanner_convention() -> None:
    assert [default_cities_for(days) for days in (2, 3, 5, 7, 10, 30)] == [1, 1, 2, 3, 4, 5]


@pytest.mark.travelplanner
@pytest.mark.parametrize(
    ("text", "destination"),
    [
        ("a long beach walk, then dinner in Miami", "Miami"),
        ("we'd like a trip to long beach", "Long Beach"),
        ("new york for 3 days", "New York"),
        ("our mission: Tampa", "Tampa"),
    ],
)
def test_lowercase_names_need_a_cue_unless_unmistakable(
    text: str, destination: str, tp_gazetteer: Gazetteer
) -> None:
    assert parse_trip_request(text, tp_gazetteer, today=TODAY).destination == destination


def test_children_alone_travel_with_one_adult(small_gazetteer: Gazetteer) -> None:
    parsed = parse_trip_request(
        "with my 2 kids from Boston to Miami May 2 to May 4, $900", small_gazetteer, today=TODAY
    )
    request = parsed.to_request()
    assert (request.travellers.adults, request.travellers.children) == (1, 2)


def test_travellers_default_applies_only_when_the_text_names_nobody(
    small_gazetteer: Gazetteer,
) -> None:
    text = "Boston to Miami May 2 to May 4, $900"
    party = Travellers(adults=3, children=1)
    request = parse_trip_request(text, small_gazetteer, today=TODAY).to_request(travellers=party)
    assert request.travellers == party
    told = parse_trip_request(text + ", solo", small_gazetteer, today=TODAY)
    assert told.to_request(travellers=party).people == 1


def test_a_city_may_start_a_trip_through_its_own_state(small_gazetteer: Gazetteer) -> None:
    parsed = parse_trip_request(
        "From New York, visit 2 cities in New York state May 2 to May 6, $2,000",
        small_gazetteer,
        today=TODAY,
    )
    request = parsed.to_request()
    assert (request.origin, request.destination, request.destination_is_region) == (
        "New York",
        "New York",
        True,
    )
    assert request.cities_to_visit == 2


def test_all_travelplanner_cuisine_tags_are_recognised(small_gazetteer: Gazetteer) -> None:
    text = (
        "For food we'd like american, Chinese, FRENCH, Indian, Italian, Mediterranean and "
        "Mexican cuisine, plus tea, bbq, seafood, a cafe, desserts, pizza, fast food and a bakery."
    )
    parsed = parse_trip_request(text, small_gazetteer, today=TODAY)
    assert parsed.cuisines == [
        "American",
        "Chinese",
        "French",
        "Indian",
        "Italian",
        "Mediterranean",
        "Mexican",
        "Tea",
        "BBQ",
        "Seafood",
        "Cafe",
        "Desserts",
        "Pizza",
        "Fast Food",
        "Bakery",
    ]


def test_nationality_words_outside_food_talk_are_not_cuisines(small_gazetteer: Gazetteer) -> None:
    parsed = parse_trip_request(
        "We are two French students visiting Boston", small_gazetteer, today=TODAY
    )
    assert parsed.cuisines == []
    assert parsed.adults == 2


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("stay in Airbnbs in Denver", []),
        ("a New Year party in Miami", []),
        ("from New Haven to Boston", ["New Haven"]),
        ("to Europe for two weeks", ["Europe"]),
        ("in Downtown Denver", []),
    ],
)
def test_unknown_places_are_place_like_names_only(
    text: str, unknown: list[str], small_gazetteer: Gazetteer
) -> None:
    assert parse_trip_request(text, small_gazetteer, today=TODAY).unknown_places == unknown


@pytest.mark.parametrize(
    ("text", "start", "days"),
    [
        ("Memorial Day weekend in Tampa", date(2027, 5, 29), 3),
        ("Thanksgiving weekend in Austin", date(2027, 11, 25), 4),
        ("over Christmas for 4 days", date(2026, 12, 25), 4),
        ("New Year's Eve in New York for 3 nights", date(2026, 12, 31), 4),
        ("Labor Day weekend", date(2027, 9, 4), 3),
    ],
)
def test_us_holidays_resolve_to_their_next_occurrence(
    text: str, start: date, days: int, small_gazetteer: Gazetteer
) -> None:
    parsed = parse_trip_request(text, small_gazetteer, today=TODAY)
    assert (parsed.start_date, parsed.days) == (start, days)
