lazy from . import bar
