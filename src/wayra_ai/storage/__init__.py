"""MongoDB access: one PyMongo async client, an embedded wire server when no URI is set."""
