# Module that raises an error during import
raise ValueError("This module always fails to import")
