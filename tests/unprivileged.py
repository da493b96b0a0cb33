"""Running a command as a user who is not root sees the machine, from a root test process.

``setpriv`` drops CAP_DAC_OVERRIDE (write anything) and CAP_DAC_READ_SEARCH (read and list
anything) from the command and its children, so file permissions hold for it as for any
other user: what a CI runner that is not root sees.
"""

import os
import shutil

import pytest

CAPS = "-dac_override,-dac_read_search"
UNPRIVILEGED = ["setpriv", f"--bounding-set={CAPS}", f"--inh-caps={CAPS}"]
needs_setpriv = pytest.mark.skipif(shutil.which("setpriv") is None or os.geteuid() != 0,
                                   reason="needs root and setpriv to drop the DAC capabilities")
