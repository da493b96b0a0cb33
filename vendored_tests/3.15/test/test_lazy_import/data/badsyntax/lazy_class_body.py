# SyntaxError: lazy import inside class body is not allowed
class Foo:
    lazy import json
