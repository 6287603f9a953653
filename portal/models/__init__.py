"""The public site's models, one module per content area."""

from portal.models.events import Audience, EventIndexPage, EventPage
from portal.models.operations import WorkerHeartbeat
from portal.models.pages import HomePage, StandardPage
from portal.models.practices import PracticeIndexPage, PracticePage, PracticeTheme
from portal.models.site_settings import FooterSettings

__all__ = [
    "Audience",
    "EventIndexPage",
    "EventPage",
    "FooterSettings",
    "HomePage",
    "PracticeIndexPage",
    "PracticePage",
    "PracticeTheme",
    "StandardPage",
    "WorkerHeartbeat",
]
