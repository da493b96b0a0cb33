from .foo import Foo
from .foo.ack import Ack
from .foo.bar import Bar
from .foo.bar.baz import Baz
from .foo.bar.thud import Thud
from .waldo import Waldo
from .waldo.fred import Fred
from .plugh import Plugh
Metasyntactic = "Metasyntactic"
