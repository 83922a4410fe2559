"""The conversational assistant: one chat turn, from a traveller's words to a checked reply."""
