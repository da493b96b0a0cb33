try:
    lazy from foo import bar
except:
    pass
