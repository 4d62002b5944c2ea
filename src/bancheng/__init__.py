"""办成 (bancheng): case management for the 办不成事 reflection window."""
