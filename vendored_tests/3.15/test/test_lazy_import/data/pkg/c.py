lazy from . import b, x

def get_globals():
    return globals()
