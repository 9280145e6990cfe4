"""``python -m perfeval`` is the ``perfeval`` command."""

import sys

from .cli import main

sys.exit(main())
