"""The one error `telehub` commands raise for a problem the person at the terminal can fix."""

from __future__ import annotations


class CliError(Exception):
    """A problem the person at the terminal can fix; printed as one line."""
