"""tipmatrix: the 2016 ASEAN APA anti-trafficking collaboration matrix as clean records.

The installed namespace: `tipmatrix.extract`, `tipmatrix.normalize` and `tipmatrix.export` are the
stages (top-level folders in the checkout); the model, body registry, pipeline and command line sit here.
"""
