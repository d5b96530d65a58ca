r"""The derivations of :mod:`spinlib.magnon_transport.derivation` in the units of the numerics.

The physics modules (:mod:`spinlib.magnon_transport.junction`, ``.transport``, ``.bose``) use
the derived orientation convention ``P_L -> -eta P_L`` in Eq. (13), the derived ``N~`` with
``eta`` and the derived Eq. (15) with ``eta G_m (1 - N_s/S)`` of Bender et al. (2019); the tests
compare them with the lambdified forms of this module. The factor 2 of erratum 4 does not change
any numerical output (it is parametrised by ``alpha_p/alpha_e = S/S_c``), only the conversion of
``S_c`` to microscopic parameters.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from .derivation import conductance_decomposition, steady_state
from .derivation_tunnelling import (
    G_0,
    N_0,
    G_m,
    Gamma,
    N,
    N_minus,
    N_plus,
    alpha_e,
    alpha_p,
    c_in,
    electron_hole_functions,
    g_m,
    rho,
    v,
)

__all__ = ["numeric_forms"]


@cache
def numeric_forms(orientation: int) -> dict:
    r"""The derived results made explicit in the units of the numerics, ready for ``lambdify``.

    Units: bias ``v`` and temperature ``T`` in :math:`\hbar\Omega`, conductances in :math:`G_0`,
    currents in :math:`G_0\hbar\Omega/e`. Parameters: ``rho`` :math:`=\alpha_p/\alpha_e = S/S_c`,
    ``P_L``, ``c_i`` :math:`=\Gamma G_\phi/G_0`, ``g_m`` :math:`=G_m/G_0`, ``S``. Obtained by
    inserting the explicit :math:`N_\pm` of Eq. (11)
    (:func:`~.derivation_tunnelling.electron_hole_functions`) and
    :math:`N_s` (:func:`~.derivation.steady_state`) into
    :func:`~.derivation.conductance_decomposition` and setting
    :math:`G_0 = 1`, :math:`\Gamma/\pi = c_i` (:math:`G_\phi = 1/\pi`).

    Returns
    -------
    dict
        Expressions in ``v, T, rho, P_L, c_i, g_m, S``: ``N_plus``, ``N_minus``, ``N_0``, ``N_s``,
        ``gamma``, ``N_tilde``, ``classical``, ``quantum``, ``current``, ``G``, ``G_MAT``,
        ``G_STT``, ``dG_MAT``, ``dG_STT``, ``r``.

    Examples
    --------
    >>> import sympy as sp
    >>> from spinlib.magnon_transport import derivation_numeric
    >>> from spinlib.magnon_transport.derivation_tunnelling import SYMBOLS as Y
    >>> forms = derivation_numeric.numeric_forms(-1)
    >>> args = [Y[k] for k in ("v", "T", "rho", "P_L", "c_i", "g_m", "S")]
    >>> n_s = sp.lambdify(args, forms["N_s"])
    >>> round(float(n_s(2.0, 1.0, 25.0, 0.2, 0.0769, 0.0769, 1e4)), 6)
    0.60787
    """
    eh = electron_hole_functions()
    ss = steady_state(orientation)
    cd_ = conductance_decomposition(orientation)
    f = cd_["functions"]
    par = {alpha_p: rho * alpha_e}
    base = {N_plus: eh["N_plus"], N_minus: eh["N_minus"], N_0: eh["N_0"]}
    ns = sp.simplify(ss["N_s"].subs(par)).subs(base)
    units = {G_0: 1, Gamma: sp.pi * c_in, G_m: g_m}
    funcs = {f["N_plus"](v): eh["N_plus"], f["N_minus"](v): eh["N_minus"], f["N_s"](v): ns}

    def explicit(expr):
        return expr.subs(units).subs(funcs).doit()

    out = {
        "N_plus": eh["N_plus"], "N_minus": eh["N_minus"], "N_0": eh["N_0"], "N_s": ns,
        "gamma": sp.simplify(ss["gamma"].subs(par)),
        "N_tilde": sp.simplify(ss["N_tilde"].subs(par)).subs(base),
        "classical": sp.simplify(ss["classical"].subs(par)).subs(base),
        "quantum": sp.simplify(ss["quantum"].subs(par)).subs(base),
        "current": explicit(cd_["current"].subs(N, f["N_s"](v))),
        "G": explicit(cd_["G"]),
        "G_MAT": explicit(cd_["G_MAT"]),
        "G_STT": explicit(cd_["G_STT"]),
    }
    out["dG_MAT"] = sp.diff(out["G_MAT"], v)
    out["dG_STT"] = sp.diff(out["G_STT"], v)
    out["r"] = out["dG_STT"] / out["dG_MAT"]
    return out
