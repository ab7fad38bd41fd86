import PlacardVerify
print("x")
