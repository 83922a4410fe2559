"""The model layer: providers behind one router; the language model talks, the solver decides.

Use: `router = router_from_settings(settings)` (`llm.factory`), then
`await router.complete(ChatRequest(...))` or
`async with aclosing(router.stream(request)) as events: async for event in events`
(`TextDelta`s, then one `StreamEnd`), and `ai_metadata(result)` (`llm.metadata`)
for the stored message. Modules are imported directly; this package imports
nothing, so the SDKs load only when a key asks for them.
"""
