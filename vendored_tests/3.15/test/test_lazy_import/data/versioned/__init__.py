from .__version__ import __version__
from .__version__ import __copyright__
