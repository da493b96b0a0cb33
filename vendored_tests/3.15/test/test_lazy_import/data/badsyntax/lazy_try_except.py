try:
    lazy import foo
except:
    pass
