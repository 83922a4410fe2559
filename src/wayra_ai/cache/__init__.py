"""Redis: the client factory, per-user burst limits and the turn cache."""
