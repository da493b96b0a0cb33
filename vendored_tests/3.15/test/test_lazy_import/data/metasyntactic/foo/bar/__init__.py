Bar = "Bar"
