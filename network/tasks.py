"""Background work of the network app: computing a large network's view off the request (django-tasks).

The task is defined beside what enqueues and runs it (`network.snapshot.compute_network_view`) and imported
here, where every task of the app is found: this module imports snapshot, never the reverse."""

from network.snapshot import compute_network_view  # noqa: F401
