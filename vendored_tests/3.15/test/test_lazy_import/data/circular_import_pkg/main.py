from .x import X2
X2()
