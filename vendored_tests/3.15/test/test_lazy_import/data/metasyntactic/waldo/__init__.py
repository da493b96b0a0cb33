Waldo = "Waldo"
