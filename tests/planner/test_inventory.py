from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from tiny_inventory import Spec, write_spec

from wayra_ai.errors import InvalidRequest, NotFound
from wayra_ai.planner.inventory import TableInventory, load_inventory, require_city

Build = Callable[[Spec], TableInventory]


def test_rows_with_an_empty_cell_are_dropped(build: Build) -> None:
    inventory = build(
        Spec(
            cities={"Beach": "Sunland"},
            stays=[
                ("Complete", "Beach", "Private room", 50, 1, 4, "No smoking", 2),
                ("No rules", "Beach", "Private room", 10, 1, 4, "", 2),
            ],
        )
    )
    assert [s.name for s in inventory.accommodations("Beach")] == ["Complete"]


def test_first_distance_row_decides_and_day_durations_are_unusable(build: Build) -> None:
    inventory = build(
        Spec(
            cities={"A": "S", "B": "S", "C": "S"},
            ground=[
                ("A", "B", "1 hour 10 mins", "100 km"),
                ("A", "B", "1 hour 30 mins", "150 km"),  # duplicate: ignored
                ("B", "A", "", ""),  # first row unusable ...
                ("B", "A", "1 hour 10 mins", "100 km"),  # ... so the pair has no leg
                ("A", "C", "1 day 2 hours", "2,400 km"),
            ],
        )
    )
    leg = inventory.ground_leg("A", "B")
    assert leg is not None
    assert leg.km == 100
    assert leg.self_driving_cost(6) == 5 * 2  # floor(100*0.05) per car of five
    assert leg.taxi_cost(5) == 100 * 2  # one taxi per four
    assert inventory.ground_leg("B", "A") is None
    assert inventory.ground_leg("A", "C") is None


def test_flights_indexed_by_route_date_and_number(build: Build) -> None:
    inventory = build(
        Spec(
            cities={"A": "S", "B": "S"},
            flights=[("F1", 120, "08:00", "09:30", "2027-01-10", "A", "B")],
        )
    )
    assert [f.number for f in inventory.flights("A", "B", date(2027, 1, 10))] == ["F1"]
    assert inventory.flights("A", "B", date(2027, 1, 11)) == ()
    found = inventory.flight("F1")
    assert found is not None
    assert found.price == 120


def test_load_is_cached_per_path_and_accepts_the_parent_folder(tmp_path: Path) -> None:
    write_spec(tmp_path / "database", Spec(cities={"A": "S"}))
    first = load_inventory(tmp_path)
    assert load_inventory(tmp_path / "database") is first
    assert len(first.version) == 16


def test_missing_tables_are_a_clear_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="missing"):
        load_inventory(tmp_path)


def test_sample_catalogue_has_warm_destinations() -> None:
    sample = load_inventory(None)
    gazetteer = sample.gazetteer()
    assert {"Miami", "San Diego", "Austin"} <= set(gazetteer.city_states)
    assert "Florida" in gazetteer.regions
    assert gazetteer.cities_in("Florida") == ["Key West", "Miami", "Orlando", "Tampa"]
    for city in gazetteer.city_states:
        assert sample.accommodations(city)
        assert sample.restaurants(city)
        assert sample.attractions(city)
    assert sample.ground_leg("Chicago", "Miami") is not None


def test_require_city_folds_case_and_rejects_unknown() -> None:
    sample = load_inventory(None)
    assert require_city(sample, "miami") == "Miami"
    with pytest.raises(InvalidRequest, match="unknown city 'Atlantis'"):
        require_city(sample, "Atlantis")
