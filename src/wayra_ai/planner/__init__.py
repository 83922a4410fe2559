"""Trip planning as a pure library: requests, inventory, an exact optimiser, a checker."""
