"""The submodels of one step, one module per section of ODD s.7, in the order the step calls them.

Each is a function of the model that reads and writes its state (:mod:`collabsim.state`); the
pure mechanisms they compose are in :mod:`collabsim.mechanisms`.
"""
