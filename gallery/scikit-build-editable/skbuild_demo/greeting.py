"""A module ScikitBuildRedirectingFinder finds in the project's source tree."""


def greet(name: str) -> str:
    return f"hello, {name}"
