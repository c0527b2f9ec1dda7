"""``python -m organizer`` — the headless CLI."""

import sys

from organizer.cli import main

sys.exit(main())
