"""The control: CPython's own importlib sources, installed by pyimport's mechanism.

CPython's Lib/importlib/_bootstrap.py and _bootstrap_external.py are read from the
interpreter's stdlib at run time (never copied into the project) and installed exactly as
pyimport is.  It must match CPython everywhere: that proves the installation changes
nothing, so every difference pyimport shows is pyimport's.
"""

from runner.targets.pyimport import make_target

TARGET = make_target("cpython-source", "cpython-source",
                     "CPython's importlib sources installed the way pyimport is (the control)")
