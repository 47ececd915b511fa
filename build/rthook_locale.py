"""PyInstaller runtime hook: give a frozen netlm-risk the UTF-8 locale that ``python`` would give it.

CPython coerces the C locale to C.UTF-8 when no locale is set (PEP 538); the frozen executable's
bootloader does not, so under a bare environment (``env -i``, some service managers) Qt prints a
four-line warning on every start and switches to C.UTF-8 anyway. Do what CPython does, only when
no locale variable is set at all; a user's own locale is never touched.
"""

import os

if not any(os.environ.get(name) for name in ("LC_ALL", "LC_CTYPE", "LANG")):
    os.environ["LC_CTYPE"] = "C.UTF-8"
