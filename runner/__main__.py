"""The `importparity` command (and `python -m runner`): the command line of runner/cli.py.

``--python X.Y`` naming another version replaces this process with the same command on that
version (runner/pythons.py) before the commands' modules are imported here: the other
interpreter imports them for itself, so this one would import them for nothing.
"""

from __future__ import annotations

import sys

from runner import pythons


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    status = pythons.reexec_or_status(argv)
    if status is not None:
        return status
    from runner import cli

    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
