"""Background work of the network app: computing a large network's view, or a comparison of two dates, off
the request (django-tasks).

The tasks are defined beside what enqueues and runs them (`network.snapshot`) and imported here, where every
task of the app is found: this module imports snapshot, never the reverse."""

from network.snapshot import compute_network_comparison, compute_network_view  # noqa: F401
