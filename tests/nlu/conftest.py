"""Gazetteers for the parser tests: TravelPlanner's places and a small hand-made one."""

from __future__ import annotations

from pathlib import Path

import pytest

from wayra_ai.planner.request import Gazetteer

TRAVELPLANNER_DIR = Path(__file__).resolve().parents[3] / "shared" / "travelplanner"


def load_travelplanner_gazetteer(root: Path = TRAVELPLANNER_DIR) -> Gazetteer:
    lines = (root / "database" / "citySet_with_states.txt").read_text().splitlines()
    city_states = dict(line.split("\t", 1) for line in lines if "\t" in line)
    regions = tuple(
        name for name in (root / "database" / "stateSet.txt").read_text().splitlines() if name
    )
    return Gazetteer(city_states=city_states, regions=regions)


@pytest.fixture(scope="session")
def travelplanner_dir() -> Path:
    return TRAVELPLANNER_DIR


@pytest.fixture(scope="session")
def tp_gazetteer() -> Gazetteer:
    return load_travelplanner_gazetteer()


@pytest.fixture(scope="session")
def small_gazetteer() -> Gazetteer:
    return Gazetteer(
        city_states={
            "Boston": "Massachusetts",
            "Miami": "Florida",
            "Tampa": "Florida",
            "Orlando": "Florida",
            "Chicago": "Illinois",
            "New York": "New York",
            "Buffalo": "New York",
            "Washington": "District of Columbia",
            "Seattle": "Washington",
            "Spokane": "Washington",
            "Austin": "Texas",
            "Dallas": "Texas",
            "Houston": "Texas",
            "St. Louis": "Missouri",
            "Mission": "Texas",
            "Portland": "Oregon",
            "Las Vegas": "Nevada",
            "Denver": "Colorado",
            "St. Petersburg": "Saint Petersburg",
        },
        regions=(
            "Massachusetts",
            "Florida",
            "Illinois",
            "New York",
            "Washington",
            "Texas",
            "Oregon",
            "Colorado",
        ),
    )
