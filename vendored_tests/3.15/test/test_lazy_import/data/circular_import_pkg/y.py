def Y1():
    return "Y"

from .x import X2

def Y2():
    return X2()
