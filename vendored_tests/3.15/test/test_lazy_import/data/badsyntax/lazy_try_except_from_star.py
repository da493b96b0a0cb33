lazy from foo import *
