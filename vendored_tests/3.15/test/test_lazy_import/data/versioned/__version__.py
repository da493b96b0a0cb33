__version__ = "1.0"
__copyright__ = "Copyright (c) 2001-2022 Python Software Foundation."
