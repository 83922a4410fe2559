"""Fixtures for the planner tests: hand-made inventories in a temp folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tiny_inventory import Spec, write_spec

from wayra_ai.planner.inventory import TableInventory


@pytest.fixture
def build(tmp_path: Path) -> Callable[[Spec], TableInventory]:
    count = 0

    def _build(spec: Spec) -> TableInventory:
        nonlocal count
        count += 1
        return TableInventory(write_spec(tmp_path / f"inv{count}", spec))

    return _build
