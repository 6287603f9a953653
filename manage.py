#!/usr/bin/env python
"""Django's command-line utility; `passerelle` (installed by pyproject) is the same thing."""

import sys

from portal.cli import main

if __name__ == "__main__":
    sys.exit(main())
