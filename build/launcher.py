"""Entry script of the frozen executable (build/netlm-risk.spec): the same as ``python -m desktop``.

It lives outside the ``desktop`` package on purpose: PyInstaller puts the entry script's folder on the
module search path, and ``desktop/`` there would make its modules importable under a second name.
"""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
