# Module that exists but doesn't have expected attributes
x = 42
# No 'nonexistent_attr' here
