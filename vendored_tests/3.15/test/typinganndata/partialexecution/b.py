from . import a

annos = a.__annotations__
