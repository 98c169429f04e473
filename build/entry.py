"""The frozen program's entry point: the same `kiosk.cli:main` as the installed `onecard`."""

import sys

from kiosk.cli import main

if __name__ == "__main__":
    sys.exit(main())
