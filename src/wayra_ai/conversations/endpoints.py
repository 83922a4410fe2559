"""/v1/conversations: thin handlers that parse, call the service and render.

Responses are rendered here with BSON-only values (the `_id` mongoose gives every
subdocument, or an ObjectId the Node app keeps in an unknown field) as strings, so a
document the Node app wrote never turns into a 500.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, status
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from wayra_ai.conversations.models import Category, Conversation, ConversationStatus
from wayra_ai.conversations.replies import ReplyProducer, acknowledge
from wayra_ai.conversations.schemas import (
    ConversationDetail,
    ConversationSummary,
    CreateConversation,
    FeedbackInput,
    FeedbackView,
    PostMessage,
    TurnView,
    UpdateConversation,
)
from wayra_ai.conversations.service import ConversationService, PostedTurn
from wayra_ai.conversations.streaming import stream_turn
from wayra_ai.dependencies import AppResources
from wayra_ai.kit.clock import utcnow
from wayra_ai.kit.ids import require_id
from wayra_ai.kit.pagination import Page, PageParams, page_params
from wayra_ai.users.dependencies import CurrentUser

router = APIRouter(prefix="/v1/conversations", tags=["conversations"])


def get_service(resources: AppResources) -> ConversationService:
    """The reply producer is `extras["reply_producer"]` when the app installs one."""
    producer: ReplyProducer = resources.extras.get("reply_producer", acknowledge)
    return ConversationService(resources.db, producer)


Service = Annotated[ConversationService, Depends(get_service)]
Pagination = Annotated[PageParams, Depends(page_params)]


def render(view: BaseModel, status_code: int = status.HTTP_200_OK) -> JSONResponse:
    body = view.model_dump(mode="json", by_alias=True, fallback=str)
    return JSONResponse(body, status_code=status_code)


def summaries(items: list[Conversation], total: int, page: PageParams) -> JSONResponse:
    now = utcnow()
    return render(
        Page[ConversationSummary](
            items=[ConversationSummary.of(item, now) for item in items],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ConversationSummary)
async def create_conversation(
    body: CreateConversation, user: CurrentUser, service: Service
) -> JSONResponse:
    conversation = await service.create(user.uid, body)
    return render(ConversationSummary.of(conversation, utcnow()), status.HTTP_201_CREATED)


@router.get("", response_model=Page[ConversationSummary])
async def list_conversations(
    user: CurrentUser,
    service: Service,
    page: Pagination,
    status_filter: Annotated[ConversationStatus | None, Query(alias="status")] = None,
    category: Category | None = None,
) -> JSONResponse:
    items, total = await service.list_conversations(
        user.uid, page, status=status_filter, category=category
    )
    return summaries(items, total, page)


@router.get("/search", response_model=Page[ConversationSummary])
async def search_conversations(
    user: CurrentUser,
    service: Service,
    page: Pagination,
    q: Annotated[str, Query(min_length=1, max_length=200)],
) -> JSONResponse:
    items, total = await service.search(user.uid, q, page)
    return summaries(items, total, page)


@router.get("/{conversation_id}", response_model=ConversationDetail)
async def get_conversation(
    conversation_id: str,
    user: CurrentUser,
    service: Service,
    limit: Annotated[int, Query(ge=1, le=100, description="messages per page")] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000, description="newest messages to skip")] = 0,
) -> JSONResponse:
    require_id(conversation_id, "conversation id")
    page = PageParams(limit=limit, offset=offset)
    conversation, count = await service.get(user.uid, conversation_id, page)
    return render(
        ConversationDetail.of(
            conversation, message_count=count, offset=offset, limit=limit, now=utcnow()
        )
    )


@router.patch("/{conversation_id}", response_model=ConversationSummary)
async def update_conversation(
    conversation_id: str, body: UpdateConversation, user: CurrentUser, service: Service
) -> JSONResponse:
    require_id(conversation_id, "conversation id")
    conversation = await service.update(user.uid, conversation_id, body)
    return render(ConversationSummary.of(conversation, utcnow()))


@router.post(
    "/{conversation_id}/messages", status_code=status.HTTP_201_CREATED, response_model=TurnView
)
async def post_message(
    conversation_id: str,
    body: PostMessage,
    user: CurrentUser,
    service: Service,
    accept: Annotated[str, Header()] = "application/json",
) -> Response:
    """The reply as JSON, or streamed as Server-Sent Events with `Accept: text/event-stream`."""
    require_id(conversation_id, "conversation id")
    if "text/event-stream" in accept:
        return await stream_turn(service, user, conversation_id, body.content, turn_view)
    turn = await service.post_message(user, conversation_id, body.content)
    return JSONResponse(turn_view(turn), status_code=status.HTTP_201_CREATED)


def turn_view(turn: PostedTurn) -> dict[str, Any]:
    view = TurnView(
        user_message=turn.user_message,
        reply=turn.reply,
        conversation=ConversationSummary.of(turn.conversation, utcnow()),
    )
    body: dict[str, Any] = view.model_dump(mode="json", by_alias=True, fallback=str)
    return body


@router.post("/{conversation_id}/messages/{message_id}/feedback", response_model=FeedbackView)
async def give_feedback(
    conversation_id: str,
    message_id: str,
    body: FeedbackInput,
    user: CurrentUser,
    service: Service,
) -> JSONResponse:
    require_id(conversation_id, "conversation id")
    require_id(message_id, "message id")
    feedback = await service.give_feedback(user.uid, conversation_id, message_id, body)
    view = FeedbackView(
        conversation_id=conversation_id,
        message_id=message_id,
        feedback=feedback.model_dump(by_alias=True, exclude_none=True),
    )
    return render(view)
