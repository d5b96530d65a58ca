"""spinlib: the numerics and derivations behind the spin-transfer-torque textbook.

One package per physics topic (:mod:`spinlib.macrospin`, :mod:`spinlib.spincurrent`,
:mod:`spinlib.magnon_transport`, :mod:`spinlib.manybody`, :mod:`spinlib.nanomagnet`,
:mod:`spinlib.activation`), each with its physics modules (its public API, re-exported by the
package), ``studies`` (presets and the numbers the pages quote), ``derivation`` (SymPy) and
``figures`` (drawing only); shared, topic-free helpers: :mod:`spinlib.validate`,
:mod:`spinlib.units`, :mod:`spinlib.markov`, :mod:`spinlib.display`, :mod:`spinlib.style` and
:mod:`spinlib.widgets` (the interactive figures).
"""

__version__ = "0.1.0"
