"""A mail backend for the worker fault test: it says when it starts sending, takes its time, then writes the
message to a file — so a test can kill the worker while a message is on its way, and count what arrived."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class SlowFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ["SLOW_MAIL_DIR"])
        for message in email_messages:
            (folder / f"sending-{os.getpid()}-{uuid.uuid4().hex}").touch()
            time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0")))
            (folder / f"sent-{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
