"""Where the tests find the HSDS 3.0 schemas and examples: ../shared/hsds-3.0 beside the repository, or
HSDS_SCHEMA_DIR. Tests that need them skip with this reason where they are absent."""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
HSDS_DIR = Path(os.environ.get("HSDS_SCHEMA_DIR") or REPO_ROOT / ".." / "shared" / "hsds-3.0").resolve()
HAS_HSDS = (HSDS_DIR / "schema" / "compiled" / "organization.json").is_file()
needs_hsds = pytest.mark.skipif(
    not HAS_HSDS,
    reason=f"HSDS 3.0 schemas not found at {HSDS_DIR} (clone shared/ beside the repo or set HSDS_SCHEMA_DIR)",
)
