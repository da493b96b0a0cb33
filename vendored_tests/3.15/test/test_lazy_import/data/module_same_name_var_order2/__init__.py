bar = "Blah"
from .bar import Bar
Bar
