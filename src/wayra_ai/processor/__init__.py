"""The private AI processor (port 8081): heavy jobs behind a service token and a task limiter."""
