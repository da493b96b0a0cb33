print("BAR_MODULE_LOADED")
def f(): pass
