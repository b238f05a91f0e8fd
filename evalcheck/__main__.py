"""``python -m evalcheck``."""

from .cli import main

raise SystemExit(main())
