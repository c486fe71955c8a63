"""A real hub served by uvicorn on 127.0.0.1, for tests that speak HTTP to it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine

from hub import stations
from hub.app import create_app
from hub.settings import Settings


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningHub:
    """A hub listening at `base_url`; `engine` reads and writes its database directly."""

    base_url: str
    db_url: str
    app: FastAPI
    settings: Settings

    @property
    def engine(self) -> Engine:
        return self.app.state.engine

    def new_station(self, name: str = "BHU Jhok", district: str = "Thatta") -> stations.NewStation:
        """What `telehub station add` does: a station and its one-time code."""
        with self.engine.begin() as conn:
            return stations.create_station(conn, name, district)


@contextmanager
def run_hub(db_url: str, **settings: Any) -> Iterator[RunningHub]:
    """Start the hub in a background thread and stop it when the block ends."""
    app = create_app(Settings(db_url=db_url, **settings))
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"hub-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the hub did not start on 127.0.0.1:{port}")
        time.sleep(0.02)
    try:
        yield RunningHub(f"http://127.0.0.1:{port}", db_url, app, app.state.settings)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        app.state.engine.dispose()
