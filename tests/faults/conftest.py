"""Fixtures for the fault battery."""

from tests.faults.throwaway_postgres import throwaway_postgres  # noqa: F401 (fixture)
