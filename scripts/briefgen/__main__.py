"""`python -m briefgen`: the `briefgen` command."""

import sys

from briefgen.cli.main import main

sys.exit(main())
