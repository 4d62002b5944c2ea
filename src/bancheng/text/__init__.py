"""Chinese text processing shared by search, suggestions and recurring-problem detection."""
