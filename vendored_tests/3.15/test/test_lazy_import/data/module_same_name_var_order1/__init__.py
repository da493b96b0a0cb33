from .bar import Bar
bar = "Blah"
Bar
