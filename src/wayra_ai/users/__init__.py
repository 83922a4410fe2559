"""The seed's `users` collection: model, repository, service, endpoints."""
