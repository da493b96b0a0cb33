def f():
   pass

x = 42
