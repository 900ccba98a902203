"""`python -m newsqa …` runs the same command line as `newsqa …`."""

from newsqa.cli import main

raise SystemExit(main())
