"""The one handler that renders every error as {"error": kind, "detail": message}."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from wayra_ai.errors import WayraError, describe_validation_errors


def error_response(
    kind: str, detail: str, status_code: int, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"error": kind, "detail": detail}, status_code=status_code, headers=headers)


async def _wayra_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, WayraError)
    return error_response(exc.kind, exc.message, exc.status_code, exc.headers)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(error.get("type") == "json_invalid" for error in errors):
        return error_response("malformed_json", "The request body is not valid JSON.", 400)
    return error_response("invalid_request", describe_validation_errors(errors), 422)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    kinds = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}
    kind = kinds.get(exc.status_code, "http_error")
    return error_response(kind, str(exc.detail), exc.status_code, dict(exc.headers or {}))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(WayraError, _wayra_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
