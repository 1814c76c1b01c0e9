print("anno")
