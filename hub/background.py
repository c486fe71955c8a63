"""The hub's background task: escalation (of referrals and of second-opinion invitations),
new-referral and digest mails, sending the mail, and closing the SFU rooms of calls that ended
unseen.

One thread per hub process, started with the app and stopped with it. Every process of a
deployment runs it; the database decides who does each piece of work (see escalation.steps and
mail.outbox), so running several is safe and nothing needs a cron job.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from sqlalchemy import Engine

from hub.calls import rooms_sweep
from hub.escalation import invitations, steps
from hub.mail import notices, outbox
from hub.settings import Settings

log = logging.getLogger("hub.background")


@dataclass
class BackgroundTask:
    engine: Engine
    settings: Settings
    stop_event: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    def tick(self) -> None:
        """One round of every job, each at the hub clock's `now`; a failing job does not stop the others."""
        s = self.settings
        now = s.clock()
        jobs = [
            ("escalation", lambda: steps.run_once(self.engine, s.response_targets, now, s.timezone, s.console_url)),
            ("opinion escalation", lambda: invitations.run_once(self.engine, s.response_targets, now,
                                                                s.console_url)),
            ("new-referral mail", lambda: notices.notify_new_referrals(self.engine, now, s.console_url)),
            ("digest", lambda: notices.send_digest(self.engine, now, s.timezone, s.digest_hour or 0,
                                                   s.response_targets, s.console_url)),
            ("mail", lambda: outbox.deliver_due(self.engine, s.smtp, now)),
            ("conference rooms", lambda: rooms_sweep.close_ended_rooms(self.engine, s, now)),
        ]
        if s.digest_hour is None:
            jobs = [job for job in jobs if job[0] != "digest"]
        for name, job in jobs:
            if self.stop_event.is_set():
                return
            try:
                job()
            except Exception:  # keep running: the next tick tries again
                log.exception("the %s job failed; it runs again in %.0f s", name, s.background_interval_seconds)

    def run(self) -> None:
        while not self.stop_event.is_set():
            self.tick()
            self.stop_event.wait(self.settings.background_interval_seconds)

    def start(self) -> None:
        self.thread = threading.Thread(target=self.run, name="hub-background", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self.stop_event.set()
        if self.thread is not None:
            self.thread.join(timeout)
