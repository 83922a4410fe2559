"""The public AI gateway (port 8080): Firebase-authenticated routes for the Wayra app."""
