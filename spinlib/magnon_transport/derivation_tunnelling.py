r"""SymPy derivations of the tunnel junction's building blocks: Eqs. (2)-(5) and (11) of Bender et al.

Source: S. A. Bender, R. A. Duine and Y. Tserkovnyak, Phys. Rev. B 99, 024434 (2019). The
Holstein-Primakoff representation (Eq. (3)), the elastic and inelastic tunnelling amplitudes
(Eqs. (2), (4), (5)), the Fermi windows and the electron-hole functions of Eq. (11), with the
symbols that :mod:`spinlib.magnon_transport.derivation` (the transport, the steady state and the
conductances built on them, and the paper's errata) shares. Units and conventions: those of
:mod:`spinlib.magnon_transport.derivation`.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

__all__ = [
    "SYMBOLS",
    "holstein_primakoff_algebra",
    "tunnelling_hamiltonian",
    "fermi_window",
    "electron_hole_functions",
    "electron_hole_limits",
]

# ---------------------------------------------------------------------------
# Symbols
# ---------------------------------------------------------------------------
S = sp.Symbol("S", positive=True)  # island spin (units of hbar)
m = sp.Symbol("m", integer=True, nonnegative=True)  # Fock index of the magnon mode
n = sp.Symbol("n", nonnegative=True)  # eigenvalue of the magnon number operator c^dagger c
a_r, a_i, b_r, b_i = sp.symbols("A_r A_i B_r B_i", real=True)
A = a_r + sp.I * a_i  # spin-independent hopping amplitude A_{nu nu'}
B = b_r + sp.I * b_i  # spin-dependent hopping amplitude B_{nu nu'}
c, cd = sp.symbols("c c^dagger", commutative=False)  # magnon annihilation / creation markers
T = sp.Symbol("T", positive=True)  # temperature / hbar Omega
v = sp.Symbol("v", real=True)  # bias e V / hbar Omega
w = sp.Symbol("w", real=True)  # energy transfer / hbar Omega
eps = sp.Symbol("epsilon", real=True)  # electron energy / hbar Omega
A_plus, A_R = sp.symbols("A_L^+ A_R", positive=True)  # spin-averaged left / right spectral functions
p = sp.Symbol("p", real=True)  # left-lead polarisation along the island's -<S> direction
N = sp.Symbol("N", nonnegative=True)  # magnon number <c^dagger c>
N_plus, N_minus, N_0 = sp.symbols("N_+ N_- N_0", real=True)
alpha_p, alpha_e = sp.symbols("alpha_p alpha_e", positive=True)
P_L = sp.Symbol("P_L", real=True)
eta = sp.Symbol("eta", real=True)  # +1 parallel, -1 antiparallel (substitute before simplifying)
V_c = sp.Symbol("V_c", real=True)
G_0, G_m, Gamma = sp.symbols("G_0 G_m Gamma", real=True)
rho = sp.Symbol("rho", positive=True)  # alpha_p / alpha_e = S / S_c
c_in = sp.Symbol("c_i", nonnegative=True)  # Gamma G_phi / G_0 (inelastic strength)
g_m = sp.Symbol("g_m", real=True)  # G_m / G_0

#: Symbols shared with the tests (printed forms are typed in these).
SYMBOLS = {
    "S": S, "m": m, "n": n, "A": A, "B": B, "T": T, "v": v, "w": w, "eps": eps,
    "A_plus": A_plus, "A_R": A_R, "p": p, "N": N, "N_plus": N_plus, "N_minus": N_minus,
    "N_0": N_0, "alpha_p": alpha_p, "alpha_e": alpha_e, "P_L": P_L, "eta": eta, "V_c": V_c,
    "G_0": G_0, "G_m": G_m, "Gamma": Gamma, "rho": rho, "c_i": c_in, "g_m": g_m,
    "c": c, "cd": cd,
}

PAULI = (sp.Matrix([[0, 1], [1, 0]]), sp.Matrix([[0, -sp.I], [sp.I, 0]]), sp.Matrix([[1, 0], [0, -1]]))


def _fermi(e):
    return 1 / (sp.exp(e / T) + 1)


def _bose(e):
    return 1 / (sp.exp(e / T) - 1)


# ---------------------------------------------------------------------------
# Eq. (3): Holstein-Primakoff
# ---------------------------------------------------------------------------
def _hp_actions(truncated: bool):
    """Matrix elements of S_- and S_+ on the Fock state |m>, from the operator definitions.

    Premises: c|m> = sqrt(m)|m-1>, c^dagger|m> = sqrt(m+1)|m+1>, a function of n = c^dagger c
    acts on |m> as its value at m. S_- = sqrt(2S - n) c (exact) or sqrt(2S) c (truncated),
    S_+ = (S_-)^dagger = c^dagger sqrt(2S - n) (or sqrt(2S) c^dagger), S_z = n - S.
    """
    rad = (lambda k: sp.sqrt(2 * S)) if truncated else (lambda k: sp.sqrt(2 * S - k))

    def lower(k):  # S_-|k> = coefficient |k-1>: first c, then the radical at k-1
        return rad(k - 1) * sp.sqrt(k)

    def raise_(k):  # S_+|k> = coefficient |k+1>: first the radical at k, then c^dagger
        return sp.sqrt(k + 1) * rad(k)

    def sz(k):
        return k - S

    return lower, raise_, sz


@cache
def holstein_primakoff_algebra(*, truncated: bool = False) -> dict:
    r"""Spin algebra of the Holstein-Primakoff representation, Eq. (3) of Bender et al. (2019).

    Premises: :math:`\hat S_z = \hat c^\dagger\hat c - S`, :math:`\hat S_- = \sqrt{2S-\hat c^\dagger
    \hat c}\,\hat c` (``truncated=False``) or :math:`\sqrt{2S}\,\hat c` (``truncated=True``),
    :math:`\hat S_+ = \hat S_-^\dagger`, bosonic :math:`\hat c`. Commutators are evaluated as
    matrix elements on the Fock state :math:`|m\rangle`.

    Returns
    -------
    dict
        ``"plus_minus"``: :math:`\langle m|[S_+,S_-]|m\rangle`; ``"two_sz"``: :math:`2\langle m|S_z|m\rangle`;
        ``"z_minus"``: :math:`[S_z,S_-]` divided by :math:`S_-` (ratio of matrix elements);
        ``"z_plus"``: same for :math:`S_+`; ``"casimir"``: :math:`\langle m|\mathbf S^2|m\rangle`;
        ``"plus_minus_ratio_leading"``: :math:`\lim_{S\to\infty}[S_+,S_-]/2S_z`;
        ``"plus_minus_relative_error"``: leading term of :math:`[S_+,S_-]/(2S_z) - 1` in :math:`1/S`;
        ``"casimir_relative_error"``: :math:`\mathbf S^2/S(S+1) - 1`, leading term in :math:`1/S`.
        Exact form: the algebra closes exactly; truncated: to leading order in :math:`1/S`.

    Examples
    --------
    >>> from spinlib.magnon_transport import derivation
    >>> hp = derivation.holstein_primakoff_algebra()
    >>> hp["plus_minus"], hp["casimir"]  # [S_+, S_-] = 2 S_z on |m>, S^2 = S(S+1)
    (-2*S + 2*m, S*(S + 1))
    >>> derivation.holstein_primakoff_algebra(truncated=True)["plus_minus_relative_error"]
    m/S
    """
    lower, raise_, sz = _hp_actions(truncated)
    k = m
    plus_minus = sp.expand(raise_(k - 1) * lower(k) - lower(k + 1) * raise_(k))
    z_minus = sp.simplify(((sz(k - 1) * lower(k)) - lower(k) * sz(k)) / lower(k))
    z_plus = sp.simplify(((sz(k + 1) * raise_(k)) - raise_(k) * sz(k)) / raise_(k))
    casimir = sp.expand(sz(k) ** 2 + (raise_(k - 1) * lower(k) + lower(k + 1) * raise_(k)) / 2)
    x = sp.Symbol("x", positive=True)  # x = 1/S
    ratio = sp.simplify(plus_minus / (2 * sz(k)))
    rel = sp.series((ratio - 1).subs(S, 1 / x), x, 0, 2).removeO()
    cas_rel = sp.series((casimir / (S * (S + 1)) - 1).subs(S, 1 / x), x, 0, 3).removeO()
    return {
        "plus_minus": sp.simplify(plus_minus),
        "two_sz": 2 * sz(k),
        "z_minus": z_minus,
        "z_plus": z_plus,
        "casimir": sp.factor(casimir),
        "plus_minus_ratio_leading": sp.limit(ratio, S, sp.oo),
        "plus_minus_relative_error": sp.simplify(rel.subs(x, 1 / S)),
        "casimir_relative_error": sp.simplify(cas_rel.subs(x, 1 / S)),
    }


# ---------------------------------------------------------------------------
# Eqs. (2), (4), (5): elastic and inelastic tunnelling
# ---------------------------------------------------------------------------
@cache
def tunnelling_hamiltonian() -> dict:
    r"""Elastic and inelastic amplitudes from Eqs. (2)-(3) of Bender et al. (2019).

    Premises: :math:`\check\gamma = A\check I + B\,\mathbf n\cdot\check\sigma` (Eq. (2)) with
    :math:`\mathbf n = \hat{\mathbf S}/S`, :math:`S_x = (S_++S_-)/2`, :math:`S_y=(S_+-S_-)/2i`
    and the Holstein-Primakoff form Eq. (3); the radical is expanded to leading order in
    :math:`1/S`. The matrix element :math:`\gamma^{(\sigma\sigma')}` multiplies
    :math:`\hat b^\dagger_\sigma\hat a_{\sigma'}` in Eq. (1).

    Returns
    -------
    dict
        ``"gamma"``: the 2x2 operator matrix in :math:`S_z, S_\pm` (symbols ``S_z``, ``S_+``, ``S_-``);
        ``"t_plus"``, ``"t_minus"``: diagonal elements (Eq. (4)) in :math:`n=\hat c^\dagger\hat c`,
        exact in :math:`1/S`: :math:`A \mp B \pm Bn/S`;
        ``"g_absorb"``: coefficient of :math:`\hat c\,\hat b^\dagger_\uparrow\hat a_\downarrow`;
        ``"g_emit"``: coefficient of :math:`\hat c^\dagger\hat b^\dagger_\downarrow\hat a_\uparrow`
        (Eq. (5)), both :math:`B\sqrt{2/S}` to leading order.

    Examples
    --------
    >>> from spinlib.magnon_transport import derivation
    >>> derivation.tunnelling_hamiltonian()["g_emit"]  # Eq. (5): B sqrt(2/S)
    sqrt(2)*(I*B_i + B_r)/sqrt(S)
    """
    s_z, s_p, s_m = sp.symbols("S_z S_+ S_-")
    s_x, s_y = (s_p + s_m) / 2, (s_p - s_m) / (2 * sp.I)
    gamma = sp.expand(A * sp.eye(2) + (B / S) * (s_x * PAULI[0] + s_y * PAULI[1] + s_z * PAULI[2]))
    hp = {s_z: n - S, s_m: sp.sqrt(2 * S - n), s_p: sp.sqrt(2 * S - n)}  # radical; operator marker apart
    x = sp.Symbol("x", positive=True)

    def leading(expr):
        return sp.simplify(sp.series(expr.subs(S, 1 / x), x, 0, 1).removeO().subs(x, 1 / S))

    # off-diagonal elements are linear in S_-/S_+: their coefficient times the radical
    up_dn = gamma[0, 1]  # b_up^dagger a_dn: proportional to S_-  ->  c
    dn_up = gamma[1, 0]  # b_dn^dagger a_up: proportional to S_+  ->  c^dagger
    g_absorb = leading(sp.expand(up_dn.diff(s_m) * hp[s_m]))
    g_emit = leading(sp.expand(dn_up.diff(s_p) * hp[s_p]))
    assert up_dn.diff(s_p) == 0 and dn_up.diff(s_m) == 0
    return {
        "gamma": gamma,
        "t_plus": sp.expand(gamma[0, 0].subs(hp)),
        "t_minus": sp.expand(gamma[1, 1].subs(hp)),
        "g_absorb": g_absorb,
        "g_emit": g_emit,
        "hamiltonian_inelastic": g_absorb * c * sp.Symbol("b_up^dagger a_dn", commutative=False)
        + g_emit * cd * sp.Symbol("b_dn^dagger a_up", commutative=False),
    }


# ---------------------------------------------------------------------------
# Fermi windows and Eq. (11)
# ---------------------------------------------------------------------------
@cache
def fermi_window() -> dict:
    r"""Window :math:`W(w)=\int d\epsilon\, f(\epsilon)[1-f(\epsilon+w)]` of two Fermi seas.

    Premises: :math:`f(\epsilon) = 1/(e^{\epsilon/T}+1)`. Derivation: the ratio
    :math:`f(\epsilon)[1-f(\epsilon+w)]/[f(\epsilon)-f(\epsilon+w)]` simplifies to a function of
    :math:`w` only, and :math:`\int[f(\epsilon)-f(\epsilon+w)]d\epsilon = w` (antiderivative and
    limits). So :math:`W(w) = w[1+n_B(w)] = -w\,n_B(-w)`.

    Returns
    -------
    dict
        ``"ratio"`` (a function of ``w`` only), ``"integral"`` (= w), ``"window"`` :math:`W(w)`,
        ``"odd_part"`` :math:`W(w)-W(-w)` (= w), ``"bose_relation"``: :math:`x n_B(x) - W(-x)` (= 0),
        ``"zero_T"``: :math:`W(w)` at :math:`T\to0` (``Max(w, 0)``).

    Examples
    --------
    >>> from spinlib.magnon_transport import derivation
    >>> fw = derivation.fermi_window()
    >>> fw["window"], fw["odd_part"]
    (w*exp(w/T)/(exp(w/T) - 1), w)
    """
    ratio = sp.simplify(_fermi(eps) * (1 - _fermi(eps + w)) / (_fermi(eps) - _fermi(eps + w)))
    if ratio.has(eps):
        raise RuntimeError("window ratio depends on epsilon")
    L = sp.Symbol("L", positive=True)
    anti = sp.integrate(_fermi(eps), eps)

    def at(a):
        return anti.subs(eps, a)

    integral = sp.limit((at(L) - at(-L)) - (at(L + w) - at(-L + w)), L, sp.oo)
    window = sp.simplify(ratio * integral)
    odd = sp.simplify(window - window.subs(w, -w))
    xx = sp.Symbol("x", real=True)
    bose_rel = sp.simplify(xx * _bose(xx) - window.subs(w, -xx))
    wp, wn = sp.Symbol("w_p", positive=True), sp.Symbol("w_n", negative=True)
    lim_pos = sp.limit(window.subs(w, wp), T, 0, "+")
    lim_neg = sp.limit(window.subs(w, wn), T, 0, "+")
    zero_t = sp.Piecewise((lim_pos.subs(wp, w), w > 0), (lim_neg.subs(wn, w), True))
    return {"ratio": ratio, "integral": integral, "window": window, "odd_part": odd,
            "bose_relation": bose_rel, "zero_T": zero_t}


@cache
def electron_hole_functions() -> dict:
    r"""Electron-hole functions :math:`N_\pm(V)` of Eq. (11) of Bender et al. (2019), explicit.

    Premise (definition, Eq. (11)): :math:`N_\pm = \{n_B(1-v)(1-v) \pm n_B(1+v)(1+v)\}/2` in units
    :math:`\hbar\Omega = e = 1`, :math:`n_B(x) = 1/(e^{x/T}-1)`.

    Returns
    -------
    dict
        ``"N_plus"``, ``"N_minus"`` (explicit in ``v``, ``T``), ``"N_0"`` = :math:`n_B(1)`,
        and ``"in_windows"``: :math:`N_\pm = [W(v-1) \pm W(-1-v)]/2` with :math:`W` of
        :func:`fermi_window` (the form the golden rule produces).

    Examples
    --------
    >>> from spinlib.magnon_transport import derivation
    >>> derivation.electron_hole_functions()["N_0"]
    1/(exp(1/T) - 1)
    """
    xnb = {s: (1 - s * v) * _bose(1 - s * v) for s in (1, -1)}
    win = fermi_window()["window"]
    wf = sp.Function("W")
    return {
        "N_plus": (xnb[1] + xnb[-1]) / 2,
        "N_minus": (xnb[1] - xnb[-1]) / 2,
        "N_0": _bose(sp.Integer(1)),
        "in_windows": {
            "N_plus": (wf(v - 1) + wf(-1 - v)) / 2,
            "N_minus": (wf(v - 1) - wf(-1 - v)) / 2,
        },
        "window": win,
    }


@cache
def electron_hole_limits() -> dict:
    r"""Limits of :math:`N_\pm(V)`, Eq. (11) of Bender et al. (2019), derived with ``limit``/``series``.

    Returns
    -------
    dict
        ``"zero_T"``: (:math:`N_+`, :math:`N_-`) at :math:`T\to0` as Piecewise in ``v`` (from the
        :math:`T\to0` limit of :math:`x n_B(x)` for each sign of :math:`x`);
        ``"zero_bias"``: (:math:`N_+(0)`, :math:`N_-(0)`); ``"parity"``: (:math:`N_+(-v)-N_+(v)`,
        :math:`N_-(-v)+N_-(v)`), both 0; ``"high_T"``: series of (:math:`N_+`, :math:`N_-`) in
        :math:`1/T` to :math:`O(T^{-2})`; ``"large_bias"``: :math:`\lim_{v\to\infty}` of
        :math:`N_\pm - (v-1)/2` at fixed :math:`T` (both 0: the :math:`T=0` ramps are exact up to
        exponentially small terms for :math:`|eV|\gg T`).

    Examples
    --------
    >>> from spinlib.magnon_transport import derivation
    >>> lim = derivation.electron_hole_limits()
    >>> lim["high_T"][1], lim["zero_bias"]
    (v/2 - v/(6*T), (1/(exp(1/T) - 1), 0))
    """
    eh = electron_hole_functions()
    npl, nmi = eh["N_plus"], eh["N_minus"]
    xp, xn = sp.Symbol("x_p", positive=True), sp.Symbol("x_n", negative=True)
    lim_pos = sp.limit(xp * _bose(xp), T, 0, "+")
    lim_neg = sp.limit(xn * _bose(xn), T, 0, "+")

    def xnb0(x):  # T -> 0 limit of x n_B(x), assembled from the two one-sided results
        return sp.Piecewise((lim_pos.subs(xp, x), x > 0), (lim_neg.subs(xn, x), True))

    zero_t = (
        sp.simplify(sp.piecewise_fold((xnb0(1 - v) + xnb0(1 + v)) / 2)),
        sp.simplify(sp.piecewise_fold((xnb0(1 - v) - xnb0(1 + v)) / 2)),
    )
    beta = sp.Symbol("beta", positive=True)
    high = tuple(
        sp.expand(sp.cancel(sp.series(f.subs(T, 1 / beta), beta, 0, 2).removeO().subs(beta, 1 / T)))
        for f in (npl, nmi)
    )
    vv = sp.Symbol("V", positive=True)
    large = tuple(sp.limit((f - (v - 1) / 2).subs(v, vv), vv, sp.oo) for f in (npl, nmi))
    return {
        "zero_T": zero_t,
        "zero_bias": (sp.simplify(npl.subs(v, 0)), sp.simplify(nmi.subs(v, 0))),
        "parity": (sp.simplify(npl.subs(v, -v) - npl), sp.simplify(nmi.subs(v, -v) + nmi)),
        "high_T": high,
        "large_bias": large,
    }
