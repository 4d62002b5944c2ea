"""The rules of 办成 as plain Python: no framework imports here."""
