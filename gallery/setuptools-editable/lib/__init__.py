"""A package importable only through setuptools' editable finder (it lives in lib/)."""

GREETING = "imported through the editable finder"
