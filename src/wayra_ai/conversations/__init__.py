"""The seed's `conversations` collection: model, repository, service, endpoints."""
