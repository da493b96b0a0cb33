"""The package gallery/scikit-build-editable.toml installs in editable mode."""

from skbuild_demo.greeting import greet

__all__ = ["greet"]
