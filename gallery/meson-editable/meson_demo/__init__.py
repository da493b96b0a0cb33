"""The package gallery/meson-editable.toml installs in editable mode."""

from meson_demo.greeting import greet

__all__ = ["greet"]
