"""A tiny integer program and two exact backends for it: OR-Tools CP-SAT and HiGHS.

The optimiser states its coupled choices (which restaurants, under cuisine and
distinctness rules) as one `IntegerProgram`; either backend solves it to proven
optimality. Both are kept so the bench can compare them (`WAYRA_PLANNER_SOLVER`).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Literal

Backend = Literal["cpsat", "highs"]
DEFAULT_BACKEND: Backend = "highs"


@dataclass
class IntegerProgram:
    """minimise sum(objective[v] * x[v]) s.t. lower <= sum(coef * x) <= upper, x integer."""

    objective: list[int] = field(default_factory=list)
    upper_bounds: list[int] = field(default_factory=list)
    rows: list[tuple[dict[int, int], int, int]] = field(default_factory=list)

    def variable(self, cost: int, upper: int = 1) -> int:
        self.objective.append(cost)
        self.upper_bounds.append(upper)
        return len(self.objective) - 1

    def constrain(self, coefficients: dict[int, int], lower: int, upper: int) -> None:
        self.rows.append((coefficients, lower, upper))


def backend_from_env() -> Backend:
    value = os.environ.get("WAYRA_PLANNER_SOLVER", DEFAULT_BACKEND)
    return "cpsat" if value == "cpsat" else "highs"


def solve(program: IntegerProgram, backend: Backend | None = None) -> list[int] | None:
    """Optimal variable values, or None when the program is infeasible."""
    if not program.objective:
        return [] if all(lo <= 0 <= hi for _, lo, hi in program.rows) else None
    chosen = backend or backend_from_env()
    return _solve_cpsat(program) if chosen == "cpsat" else _solve_highs(program)


def warm_up(backend: Backend | None = None) -> None:
    """Import the backend and solve a trivial program, so later timings exclude that."""
    program = IntegerProgram()
    program.constrain({program.variable(1): 1}, 1, 1)
    solve(program, backend)


@cache
def _quiet_highs_module() -> ModuleType:
    """highspy, imported with its one-time copyright banner kept off stdout."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as sink:
            os.dup2(sink.fileno(), 1)
            import highspy

            highspy.Highs().silent()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return highspy


def _solve_cpsat(program: IntegerProgram) -> list[int] | None:
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    variables = [model.new_int_var(0, ub, f"x{i}") for i, ub in enumerate(program.upper_bounds)]
    for coefficients, lower, upper in program.rows:
        model.add_linear_constraint(
            sum(coef * variables[i] for i, coef in coefficients.items()), lower, upper
        )
    model.minimize(sum(c * v for c, v in zip(program.objective, variables, strict=True)))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status != cp_model.OPTIMAL:
        return None
    return [int(solver.value(v)) for v in variables]


def _solve_highs(program: IntegerProgram) -> list[int] | None:
    import numpy as np

    highspy = _quiet_highs_module()
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.5)  # integer objective: a gap below 1 is optimal
    count = len(program.objective)
    highs.addVars(count, np.zeros(count), np.array(program.upper_bounds, dtype=float))
    highs.changeColsCost(count, np.arange(count), np.array(program.objective, dtype=float))
    highs.changeColsIntegrality(
        count, np.arange(count), np.full(count, highspy.HighsVarType.kInteger)
    )
    for coefficients, lower, upper in program.rows:
        indices = np.array(list(coefficients), dtype=np.int32)
        values = np.array(list(coefficients.values()), dtype=float)
        highs.addRow(float(lower), float(upper), len(indices), indices, values)
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return [round(v) for v in highs.getSolution().col_value]
