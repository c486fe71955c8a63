"""The station-facing API under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from hub.api import health

router = APIRouter()
router.include_router(health.router)
