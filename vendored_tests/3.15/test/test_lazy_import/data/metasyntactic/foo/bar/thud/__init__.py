Thud = "Thud"
