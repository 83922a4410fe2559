"""Structured logs in Cloud Logging's shape, request context, health and metrics."""
