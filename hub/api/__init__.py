"""The station-facing API under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from hub.api import blobs, enroll, health, sync

router = APIRouter()
router.include_router(health.router)
router.include_router(enroll.router)
router.include_router(sync.router)
router.include_router(blobs.router)
router.include_router(blobs.chunk_router)
