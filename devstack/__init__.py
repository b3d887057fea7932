"""The embedded local stack behind `make run` and the integration tests (not shipped to Lambda)."""
