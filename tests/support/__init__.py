"""Helpers shared by the hub's tests: a signed station client, a live hub, a throwaway PostgreSQL."""
