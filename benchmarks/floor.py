"""The floor: a bare Django view served the same way as the project (gunicorn, DEBUG off, no middleware).

    gunicorn -w 2 benchmarks.floor:application
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ.get("SECRET_KEY", "floor-" + "x" * 50),
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def hello(request):
    return HttpResponse("<!DOCTYPE html><title>floor</title><p>Bonjour.</p>")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
