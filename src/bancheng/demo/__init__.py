"""The demo organization and demo cases (``bancheng demo``)."""
