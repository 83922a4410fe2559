"""A deterministic, varied message corpus for `wayra-ai bench nlu`.

Templates x places x numbers x phrasings, drawn with a fixed seed, plus hand-written
chat turns (greetings, corrections, questions, support). The places come from the
gazetteer in use, so every message can resolve against it.
"""

from __future__ import annotations

import random

from wayra_ai.planner.request import Gazetteer

_PEOPLE = [
    "solo",
    "for two of us",
    "for a family of four",
    "as a pair",
    "for a group of 8",
    "for 3 adults and 2 kids",
    "just me",
    "for five people",
    "with my wife",
]
_DATES = [
    "from March 16th to March 18th, 2027",
    "from the 8th to the 10th of April",
    "2027-05-02 to 2027-05-06",
    "for 5 days starting June 3",
    "for a week",
    "next weekend",
    "3 nights from July 4",
    "between Oct 9 and 13",
    "sometime in September",
    "tomorrow for 2 days",
]
_MONEY = [
    "with a budget of $2,300",
    "up to 2300 dollars",
    "about 1.5k",
    "€800 in total",
    "budget is 1200",
    "no more than £950",
    "we can spend 3k",
    "",
]
_CONSTRAINTS = [
    "We travel with our dog.",
    "No flights please.",
    "We don't plan to drive.",
    "We'd like Indian and Thai food.",
    "Children under 10 must be allowed.",
    "Parties allowed, entire home.",
    "Private rooms only, non-smoking.",
    "Shared room is fine, we love pizza and seafood.",
    "",
    "We love hiking, museums and beaches.",
]
_TEMPLATES = [
    "Plan a trip from {origin} to {dest} {dates} {people}, {money}. {constraint}",
    "Can you help me get from {origin} to {dest} {dates}? {constraint} {money}",
    "{people}, leaving {origin} and visiting {n} cities in {region} {dates}, {money}.",
    "I'm in {origin}. Thinking about {dest} {dates}. {constraint}",
    "{dest} {dates} {people} {money}",
    "We want to explore {region} {dates}, starting in {origin}. {constraint}",
    "actually make it {n} days and change the destination to {dest}",
    "not {dest}, {dest2}. {money}",
    "How much would {dates} in {dest} cost {people}?",
    "What's the weather like in {dest} {dates}?",
    "Our budget is now {money_short}, and we'd rather not fly.",
    "book the {dest} plan please, {people}",
]
_HANDWRITTEN = [
    "Hi!",
    "Hello there, how are you today?",
    "yes, that looks perfect",
    "No, I don't like this plan at all.",
    "Thanks so much, this is amazing!",
    "The app keeps crashing when I log in, please help",
    "I missed my flight and I'm stranded, help ASAP!",
    "somewhere warm in March, two of us",
    "Can I get a refund for my subscription?",
    "what can you do?",
    "tell me a joke",
    "Is it safe to travel there in winter?",
    "That itinerary is terrible, way too expensive.",
    "ok go ahead and book it",
    "Could you suggest things to do with kids aged 5 and 8?",
    "We'd love a romantic, relaxing getaway with great food.",
    "Change of plans: we're 6 now and the budget is $4,000.",
    "Can we do the trip by train instead?",
    "good morning! planning a family holiday",
    "Scratch that, let's leave on the 12th instead.",
]


def build_corpus(gazetteer: Gazetteer, size: int = 600, seed: int = 7) -> list[str]:
    """`size` messages, the same ones for the same gazetteer, size and seed."""
    rng = random.Random(seed)  # reproducible test data, not security
    cities = sorted(gazetteer.city_states)
    regions = sorted(set(gazetteer.city_states.values())) or ["Texas"]
    messages = list(_HANDWRITTEN)
    while len(messages) < size:
        dest, dest2 = rng.sample(cities, 2) if len(cities) > 1 else ("Boston", "Tampa")
        money = rng.choice(_MONEY)
        text = rng.choice(_TEMPLATES).format(
            origin=rng.choice(cities) if cities else "Boston",
            dest=dest,
            dest2=dest2,
            region=rng.choice(regions),
            n=rng.choice(["2", "three", "3", "4"]),
            dates=rng.choice(_DATES),
            people=rng.choice(_PEOPLE),
            money=money,
            money_short=rng.choice(["$1,800", "2k", "900 euros"]),
            constraint=rng.choice(_CONSTRAINTS),
        )
        messages.append(" ".join(text.split()))
    return messages[:size]
