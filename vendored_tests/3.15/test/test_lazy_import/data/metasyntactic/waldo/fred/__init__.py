Fred = "Fred"
