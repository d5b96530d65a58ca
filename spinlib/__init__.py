"""spinlib: the numerics and derivations behind the spin-transfer-torque textbook.

One module per physical topic (``llg``, ``spincurrent``, ``mat``, ...), SymPy
derivations in :mod:`spinlib.derivations`, the chapters' figures and interactive
explorers in :mod:`spinlib.figures`, and the single slider mechanism in
:mod:`spinlib.widgets`.
"""

__version__ = "0.1.0"
