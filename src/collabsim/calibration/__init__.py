"""Pattern-oriented calibration: the constant sets that reproduce every pattern, and ensembles of them."""
