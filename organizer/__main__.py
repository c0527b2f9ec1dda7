"""``python -m organizer`` — the headless CLI."""

import sys

from organizer.cli.main import main

sys.exit(main())
