"""Deterministic language understanding: no model, pure functions, no I/O.

- `trip_parser.parse_trip_request(text, gazetteer, today=...)` -> `ParsedTrip`
  (places, dates, money, party, stay and transport constraints, with character spans);
  `ParsedTrip.to_request(**defaults)` -> a validated `TripRequest`.
- `analysis.analyse_message(text, gazetteer, today=...)` -> `MessageAnalysis`
  (the seed's sentiment / intent / entities / topics / urgency, plus the parsed trip
  and corrections).
- `wayra-ai bench nlu` times the analysis over a generated corpus (`corpus.py`).
"""
