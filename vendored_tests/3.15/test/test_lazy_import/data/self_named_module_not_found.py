raise ModuleNotFoundError("boom", name=__name__)
