"""`python -m eventwire.cli`: the same as the `eventwire` command."""

import sys

from . import main

sys.exit(main())
