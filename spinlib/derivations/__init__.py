"""SymPy derivations, one module per chapter; each function derives from stated premises."""
