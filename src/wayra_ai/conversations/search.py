"""How a search query becomes a MongoDB filter over the caller's own conversations.

On MongoDB (Atlas) search is a `$text` query on the seed's text index over
`messages.content`, `metadata.title` and `metadata.description`, ranked by text score.

The embedded server (mongoeco 4.11) cannot serve that query for message content: its `$text`
only reads string fields and arrays of strings, not a field inside an array of
subdocuments (`mongoeco.core.search.iter_classic_text_values`), and it rejects `$text`
inside `$or`. No single query both uses the text index on MongoDB and sees message content
there, so the filter is chosen once per server: on mongoeco, a case-insensitive
word-prefix `$regex` over the same three fields (any word matches, as in `$text`). The
differences (no stemming, stop words, phrases or `-negation`, newest first instead of by
score) only exist on the laptop/test server; every query is scoped by `userId` either way.
mongoeco also returns empty documents when a projection is applied to `$text` results, so
on it the MongoDB branch can be exercised for its filter and order only.
"""

from __future__ import annotations

import re
from typing import Any
from weakref import WeakKeyDictionary

from pymongo import DESCENDING

from wayra_ai.storage.mongo import Database

TEXT_FIELDS = ("messages.content", "metadata.title", "metadata.description")

_NEWEST_FIRST = [("lastActivity", DESCENDING)]
_WORD = re.compile(r"\w+")
_text_index_reads_subdocuments: WeakKeyDictionary[Any, bool] = WeakKeyDictionary()


async def text_index_reads_subdocuments(db: Database) -> bool:
    """False on mongoeco (its buildInfo says so), whose `$text` misses message content."""
    client = db.client
    known = _text_index_reads_subdocuments.get(client)
    if known is None:
        info = await db.command("buildInfo")
        known = info.get("gitVersion") != "mongoeco"
        _text_index_reads_subdocuments[client] = known
    return known


async def filter_and_order(
    db: Database, user_id: str, query: str
) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """The filter for `query` on this server, and the order to list matches in."""
    if await text_index_reads_subdocuments(db):
        return text_filter(user_id, query), [("score", {"$meta": "textScore"}), *_NEWEST_FIRST]
    return word_prefix_filter(user_id, query), list(_NEWEST_FIRST)


def words_of(query: str) -> list[str]:
    return _WORD.findall(query)


def text_filter(user_id: str, query: str) -> dict[str, Any]:
    """The seed text index's query (MongoDB)."""
    return {"userId": user_id, "$text": {"$search": query}}


def word_prefix_filter(user_id: str, query: str) -> dict[str, Any]:
    """The embedded server's stand-in: any word of the query starts a word in a text field."""
    pattern = r"\b(?:" + "|".join(re.escape(word) for word in words_of(query)) + ")"
    matches = [{field: {"$regex": pattern, "$options": "i"}} for field in TEXT_FIELDS]
    return {"userId": user_id, "$or": matches}
