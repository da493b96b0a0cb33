# Test relative imports with lazy keyword
lazy from . import basic2

def get_basic2():
    return basic2
