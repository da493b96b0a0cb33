"""Settings for all of the project's tests."""

from hypothesis import settings

# Property tests judge results, not speed: a loaded CI machine must not turn a slow example
# into a failure (timings are benchmarks' business, in bench/).
settings.register_profile("importparity", deadline=None)
settings.load_profile("importparity")
