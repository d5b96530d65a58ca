r"""SymPy derivations of magnon-assisted transport and quantum STT in a tunnel junction.

Source: S. A. Bender, R. A. Duine and Y. Tserkovnyak, Phys. Rev. B 99, 024434 (2019)
("Bender et al. (2019)"). Every function starts from stated premises (the Holstein-Primakoff
representation, the isotropic tunnelling amplitude, Fermi's golden rule with flat densities
of states, the rate equation (12)) and derives with SymPy; none types in its result. The
tests (``tests/magnon_transport/test_magnon_transport_derivation.py``) type in the printed forms
and compare.

Units: :math:`\hbar = e = \Omega = 1`, i.e. energies (bias :math:`v = eV/\hbar\Omega`,
temperature :math:`T/\hbar\Omega`) in units of :math:`\hbar\Omega`, currents in units of
:math:`e\Omega`, conductances in units of :math:`e^2/\hbar` (so :math:`G_\phi = 2e^2/h = 1/\pi`).
Spectral functions are :math:`2\pi` times densities of states, as in Eqs. (8)-(10).

The derived results in the units of the numerics, ready for ``lambdify``, are in
:mod:`spinlib.magnon_transport.derivation_numeric`.

**Errata.**

1. **Eq. (4)**, elastic amplitudes. Printed: :math:`\hat t^{(\pm)} = A \mp B + 2B\hat c^\dagger
   \hat c/S`. Derived (insert Eq. (3) into Eq. (2), :math:`n_z = \hat S_z/S = -1 + \hat c^\dagger
   \hat c/S`): :math:`\hat t^{(\pm)} = A \mp B \pm B\hat c^\dagger\hat c/S`. Why: the diagonal
   of :math:`B\,\mathbf n\cdot\check\sigma` is :math:`\pm B n_z`; only the derived form gives the
   magnetoconductance term :math:`\eta G_m(1-N/S)` of Eq. (7)-(8) (see
   :func:`golden_rule_transport`). Eq. (7)-(8) themselves are consistent with the derived form.
2. **Eq. (14)**, quantum part. Printed: :math:`\tilde N = (\alpha_e/\alpha_p)[N_+ - N_0 -
   P_L N_-]/(1+\alpha_e/\alpha_p)` for both orientations. Derived (steady state of Eqs. (12)-(13)
   with :math:`P_L\to-\eta P_L`, the same substitution that produces the printed
   :math:`V_c = \eta(1+\alpha_p/\alpha_e)\hbar\Omega/eP_L`): :math:`\tilde N = (\alpha_e/\alpha_p)
   [N_+ - N_0 - \eta P_L N_-]/(1+\alpha_e/\alpha_p)`. Why: Eq. (13) as printed is the
   antiparallel (:math:`\eta=-1`) form (it follows from Eq. (5) in the orientation of Eq. (3));
   the printed :math:`\tilde N` matches only :math:`\eta=+1` and does not solve Eq. (13).
3. **Eq. (15)**. Printed: :math:`G = G_0 + \eta G_m + G_{MAT} + G_{STT}`. Derived (total bias
   derivative of :math:`I = G(N)V + I_i` at :math:`N = N_s(V)` with the printed definitions of
   :math:`G_{MAT}`, :math:`G_{STT}`): :math:`G = G_0 + \eta G_m(1 - N_s/S) + G_{MAT} + G_{STT}`.
   Why: the elastic conductance depends on :math:`N_s(V)`; the printed form drops
   :math:`-\eta G_m N_s/S` (small, order 1/S, and its bias derivative
   :math:`-\eta G_m N_s'/S` belongs with the STT part when forming :math:`r`).
4. **Eq. (13) vs Eq. (7)** (normalisation, factor 2). With the normalisation fixed by
   Eqs. (8)-(9), the golden-rule rates that give exactly the printed inelastic current Eq. (7)
   give the magnon rate :math:`\hbar\dot N = (\Gamma/\pi S)\{-\hbar\Omega(N-N_+) + P_L(N_-\hbar\Omega
   + NeV)\}`, i.e. Eq. (13) with :math:`\alpha_e = \Gamma/2\pi S`, not the printed
   :math:`\alpha_e = \Gamma/\pi S` (then :math:`S_c = \Gamma/2\pi\alpha_p` keeps
   :math:`S/S_c = \alpha_p/\alpha_e`). Results written in :math:`\alpha_p/\alpha_e` are unaffected.
5. **Fig. 2 caption.** Printed: :math:`\Gamma(G_\phi/G_0) = G_m/G_0 = P^2/(1+P^2)` for
   :math:`P = P_L`. Derived from the parametrisation below Eq. (11):
   :math:`\Gamma G_\phi/G_0 = G_m/G_0 = 2P^2/(1+P^2)`. Why: :math:`\Gamma = 2(G_0/G_\phi)
   |P|^2/(1+|P|^2)` and :math:`G_m = 2G_0\,\mathrm{Re}[P]P_L/(1+|P|^2)` as printed.
6. **Sec. V estimate** (doubtful, possibly an extraction loss). Printed: :math:`G_0\sim
   \Omega^{-1}` (1 S) and :math:`P\sim 10^{-1}` give :math:`\Gamma\sim10^6`. Derived from
   :math:`\Gamma = 2(G_0/G_\phi)P^2/(1+P^2)`: :math:`\Gamma\approx 2.6\times10^2`
   (:func:`inelastic_parameter_estimate`).
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from .derivation_tunnelling import (  # the symbols and Eqs. (2)-(5), (11) this module builds on
    A_R,
    G_0,
    N_0,
    P_L,
    SYMBOLS,  # noqa: F401 - pages read derivation.SYMBOLS
    A,
    A_plus,
    B,
    G_m,
    Gamma,
    N,
    N_minus,
    N_plus,
    S,
    V_c,
    a_i,
    a_r,
    alpha_e,
    alpha_p,
    b_i,
    b_r,
    electron_hole_functions,
    electron_hole_limits,
    eta,
    fermi_window,
    holstein_primakoff_algebra,
    n,
    p,
    tunnelling_hamiltonian,
    v,
    w,
)

__all__ = [
    "golden_rule_transport",
    "simplified_parametrisation",
    "steady_state",
    "conductance_decomposition",
    "inelastic_parameter_estimate",
    "reference_spin_estimate",
    "chapter_equations",
]

# ---------------------------------------------------------------------------
# Eqs. (6)-(10), (13): golden-rule transport from Eqs. (4)-(5)
# ---------------------------------------------------------------------------
def _abs2_first_order(t):
    """|t|^2 to first order in 1/S (n^2/S^2 terms dropped), then n -> N = <n>."""
    x = sp.Symbol("x", positive=True)
    sq = sp.expand(t * sp.conjugate(t))
    sq = sp.series(sq.subs(S, 1 / x), x, 0, 2).removeO().subs(x, 1 / S)
    return sp.expand(sq.subs(n, N))


@cache
def golden_rule_transport() -> dict:
    r"""Charge current and magnon rate to second order in :math:`A, B`, Eqs. (6)-(10), (13).

    Premises: the amplitudes of :func:`~.derivation_tunnelling.tunnelling_hamiltonian` (derived, not the
    printed Eq. (4)); Fermi's golden rule with rate :math:`(1/2\pi\hbar)|M|^2 A_{L\sigma}A_R\,W`, spectral
    functions :math:`A_{L\uparrow,\downarrow} = A_L^+(1\pm p)`, :math:`A_R` (flat, energy independent),
    window :math:`W` of :func:`~.derivation_tunnelling.fermi_window`, lead chemical potentials
    :math:`\mu_L-\mu_R = eV`, magnon matrix elements :math:`|\langle N+1|c^\dagger|N\rangle|^2 = N+1`,
    :math:`|\langle N-1|c|N\rangle|^2=N`,
    and :math:`\langle n^2\rangle/S^2` neglected. The orientation is that of Eq. (3)
    (:math:`\langle S\rangle` along :math:`-z`): :math:`p = P_L` is antiparallel, :math:`\eta=-1`.

    Returns
    -------
    dict
        ``"elastic"``: elastic current; ``"inelastic"``: the four spin-flip processes' current
        into the right lead, in :math:`N_\pm`; ``"total"``: their sum (first order in 1/S);
        ``"magnon_rate"``: :math:`\dot N` from electrons (creation minus absorption);
        ``"alpha_e"``: electronic damping read off as :math:`\dot N = -2\alpha_e(N-N_+)+\dots`
        (units :math:`\Omega=1`); ``"Gamma"``: :math:`2A_L^+A_R|B|^2` (Eq. (9));
        ``"P_L"``: Eq. (10) evaluated (:math:`=p`); ``"G0"``, ``"Gm"``: Eq. (8) evaluated.

    Examples
    --------
    >>> from spinlib.magnon_transport import derivation
    >>> gr = derivation.golden_rule_transport()
    >>> gr["alpha_e"], gr["P_L"]  # alpha_e = Gamma/(2 pi S) (erratum 4)
    (A_L^+*A_R*(B_i**2 + B_r**2)/(pi*S), p)
    """
    ham = tunnelling_hamiltonian()
    a_l = {1: A_plus * (1 + p), -1: A_plus * (1 - p)}
    integral = fermi_window()["integral"]  # int [f(e - v) - f(e)] de = v, with w -> v
    pref = 1 / (2 * sp.pi)  # 1/(2 pi hbar), hbar = 1
    elastic = sp.expand(
        pref * A_R * sum(a_l[s] * _abs2_first_order(ham[k]) for s, k in ((1, "t_plus"), (-1, "t_minus")))
        * integral.subs(w, v)
    )
    g2 = sp.simplify(sp.expand(ham["g_emit"] * sp.conjugate(ham["g_emit"])))
    g2a = sp.simplify(sp.expand(ham["g_absorb"] * sp.conjugate(ham["g_absorb"])))
    wf = sp.Function("W")
    # the four spin-flip processes: (rate, electrons into R, magnons created)
    procs = [
        (pref * g2 * a_l[1] * A_R * (N + 1) * wf(v - 1), +1, +1),  # L up -> R dn, emit
        (pref * g2a * a_l[-1] * A_R * N * wf(v + 1), +1, -1),  # L dn -> R up, absorb
        (pref * g2 * a_l[1] * A_R * N * wf(1 - v), -1, -1),  # R dn -> L up, absorb
        (pref * g2a * a_l[-1] * A_R * (N + 1) * wf(-1 - v), -1, +1),  # R up -> L dn, emit
    ]
    charge = sum(r * q for r, q, _ in procs)
    magnons = sum(r * s for r, _, s in procs)
    # W(x) = W(-x) + x (odd part derived in fermi_window) removes W(v+1) and W(1-v) ...
    odd = fermi_window()["odd_part"]
    reduce_w = {wf(v + 1): wf(-1 - v) + odd.subs(w, v + 1), wf(1 - v): wf(v - 1) + odd.subs(w, 1 - v)}
    # ... and N_+- = [W(v-1) +- W(-1-v)]/2 (Eq. (11) in windows) is solved for the windows
    win = electron_hole_functions()["in_windows"]
    wa, wb = sp.symbols("W_a W_b")
    sol = sp.solve(
        [sp.Eq(N_plus, win["N_plus"].subs({wf(v - 1): wa, wf(-1 - v): wb})),
         sp.Eq(N_minus, win["N_minus"].subs({wf(v - 1): wa, wf(-1 - v): wb}))],
        [wa, wb], dict=True,
    )[0]
    to_n = {wf(v - 1): sol[wa], wf(-1 - v): sol[wb]}

    def in_n(expr):
        return sp.expand(sp.expand(expr).subs(reduce_w).subs(to_n))

    inelastic = in_n(charge)
    magnon_rate = in_n(magnons)
    gamma_def = 2 * A_plus * A_R * sp.expand(B * sp.conjugate(B))  # Eq. (9), flat spectra
    a_minus = A_plus * p  # A_L^- = (A_up - A_dn)/2
    return {
        "elastic": elastic,
        "inelastic": inelastic,
        "total": sp.expand(elastic + inelastic),
        "magnon_rate": magnon_rate,
        "alpha_e": sp.simplify(sp.diff(magnon_rate, N_plus) / 2),
        "Gamma": gamma_def,
        "P_L": sp.simplify(2 * a_minus * A_R * sp.expand(B * sp.conjugate(B)) / gamma_def),
        "G0": (1 / sp.pi) * A_plus * A_R * sp.expand(A * sp.conjugate(A) + B * sp.conjugate(B)),
        "Gm": 2 * (1 / sp.pi) * a_minus * A_R * sp.expand((sp.conjugate(A) * B + A * sp.conjugate(B)) / 2),
    }


@cache
def simplified_parametrisation() -> dict:
    r"""Transport coefficients for uniform amplitudes, below Eq. (11) of Bender et al. (2019).

    Premises: Eqs. (8)-(10) with :math:`A_{\nu\nu'} = A`, :math:`B_{\nu\nu'} = B = PA`, left-lead
    spin-resolved densities :math:`D_{L\uparrow,\downarrow}`, right-lead density :math:`D_R`
    (sums of spectral functions), :math:`G_\phi` kept as a symbol.

    Returns
    -------
    dict
        ``"G0"``, ``"Gm"``, ``"Gamma"``, ``"P_L"`` in :math:`D_{L\sigma}, D_R, A, P`;
        ``"Gm_over_G0"``, ``"Gamma_Gphi_over_G0"``: the ratios; ``"fig2"``: both ratios at real
        :math:`P = P_L` (the convention of the Fig. 2 caption).

    Examples
    --------
    >>> from spinlib.magnon_transport import derivation
    >>> derivation.simplified_parametrisation()["fig2"]  # Fig. 2 caption with the factor 2 (erratum 5)
    (2*P**2/(P**2 + 1), 2*P**2/(P**2 + 1))
    """
    d_up, d_dn, d_r, g_phi = sp.symbols("D_Lup D_Ldn D_R G_phi", positive=True)
    p_r, p_i = sp.symbols("P_r P_i", real=True)
    pc = p_r + sp.I * p_i
    amp_a = a_r + sp.I * a_i
    amp_b = pc * amp_a
    a_plus, a_minus = (d_up + d_dn) / 2, (d_up - d_dn) / 2  # sums over nu' of A^(+-)_L
    b2 = sp.expand(amp_b * sp.conjugate(amp_b))
    a2 = sp.expand(amp_a * sp.conjugate(amp_a))
    g0 = g_phi * a_plus * d_r * (a2 + b2)
    re_ab = sp.expand((sp.conjugate(amp_a) * amp_b + amp_a * sp.conjugate(amp_b)) / 2)
    gm = 2 * g_phi * a_minus * d_r * re_ab
    gam = 2 * a_plus * d_r * b2
    pl = sp.simplify(2 * a_minus * d_r * b2 / gam)
    gm_g0 = sp.simplify(gm / g0)
    gam_g0 = sp.simplify(gam * g_phi / g0)
    pl_sym = sp.Symbol("P", real=True)
    fig2_subs = {p_i: 0, p_r: pl_sym, d_up: d_dn * (1 + pl_sym) / (1 - pl_sym)}
    return {
        "G0": sp.factor(g0), "Gm": sp.factor(gm), "Gamma": sp.factor(gam), "P_L": pl,
        "Gm_over_G0": gm_g0, "Gamma_Gphi_over_G0": gam_g0,
        "fig2": (sp.simplify(gam_g0.subs(fig2_subs)), sp.simplify(gm_g0.subs(fig2_subs))),
        "symbols": {"D_Lup": d_up, "D_Ldn": d_dn, "D_R": d_r, "G_phi": g_phi, "P_r": p_r, "P_i": p_i,
                    "P": pl_sym},
    }


# ---------------------------------------------------------------------------
# Eqs. (12)-(14): steady state
# ---------------------------------------------------------------------------
@cache
def steady_state(orientation: int) -> dict:
    r"""Steady state of the rate equation, Eq. (14) of Bender et al. (2019), for :math:`\eta=\pm1`.

    Premises: Eq. (12), :math:`\dot N = -2\alpha_p(N-N_0) + I_m` (units :math:`\hbar=\Omega=1`),
    with :math:`I_m = 2\alpha_e\,\times` the bracket of the golden-rule magnon rate
    (:func:`golden_rule_transport`, i.e. Eq. (13)), whose left-lead polarisation is
    :math:`p = -\eta P_L` (Eq. (3) describes :math:`\eta=-1`; the parallel case flips :math:`P_L`).

    Parameters
    ----------
    orientation : {1, -1}
        :math:`\eta`.

    Returns
    -------
    dict
        ``"N_s"`` (solution of :math:`\dot N = 0`), ``"gamma"`` (:math:`1/(1+v/V_c)`), ``"V_c"``
        (:math:`-`the pole of :math:`N_s` in ``v``), ``"N_tilde"`` (:math:`N_s/\gamma - N_0`),
        ``"classical"`` (:math:`\gamma N_0`), ``"quantum"`` (:math:`\gamma\tilde N`),
        ``"rate"`` (the right-hand side of Eq. (12)), ``"I_m"``.

    Examples
    --------
    >>> from spinlib.magnon_transport import derivation
    >>> ss = derivation.steady_state(-1)
    >>> ss["V_c"], ss["N_tilde"]
    ((-alpha_e - alpha_p)/(P_L*alpha_e), alpha_e*(N_+ + N_-*P_L - N_0)/(alpha_e + alpha_p))
    """
    if orientation not in (1, -1):
        raise ValueError(f"orientation must be one of [1, -1]; got {orientation!r}")
    gr = golden_rule_transport()
    bracket = sp.expand(sp.cancel(gr["magnon_rate"] / (2 * gr["alpha_e"])))  # (N_+ - N) + p (N_- + N v)
    i_m = 2 * alpha_e * bracket.subs(p, -orientation * P_L)
    rate = -2 * alpha_p * (N - N_0) + i_m
    (n_s,) = sp.solve(sp.Eq(rate, 0), N)
    num, den = sp.fraction(sp.together(n_s))
    den0 = den.subs(v, 0)
    (pole,) = sp.solve(den, v)
    vc = sp.simplify(-pole)
    gamma = 1 / (1 + v / vc)
    # check the denominator is exactly den0 (1 + v/V_c), i.e. gamma carries all v of the pole
    if sp.simplify(den - den0 * (1 + v / vc)) != 0:
        raise RuntimeError("unexpected structure of the steady state")
    n_tilde = sp.simplify(sp.cancel(n_s / gamma) - N_0)
    return {
        "N_s": sp.simplify(n_s), "gamma": gamma, "V_c": vc, "N_tilde": n_tilde,
        "classical": gamma * N_0, "quantum": gamma * n_tilde, "rate": rate, "I_m": i_m,
    }


# ---------------------------------------------------------------------------
# Eq. (15): differential conductance and the ratio r
# ---------------------------------------------------------------------------
def _macroscopic_current(orientation):
    r"""The golden-rule current of :func:`golden_rule_transport` rewritten in :math:`G_0, G_m, \Gamma`.

    The derived total current (orientation :math:`p = -\eta P_L`) is linear in
    :math:`v, Nv, N_+, N_-, N`; each coefficient is divided by the microscopic expression of
    the conductance it must be proportional to (Eqs. (8)-(9): :math:`G_0`, :math:`G_m`,
    :math:`\Gamma/\pi S`). The ratios are required to be free of the microscopic amplitudes
    (otherwise the current would not be expressible through the printed coefficients) and
    are returned with the expression rebuilt from the symbols ``G_0``, ``G_m``, ``Gamma``.
    """
    gr = golden_rule_transport()
    total = sp.expand(gr["total"].subs(p, -orientation * P_L))
    micro = {"G0": gr["G0"], "Gm": sp.expand(gr["Gm"].subs(p, P_L)), "rate": gr["Gamma"] / (sp.pi * S)}
    sources = (N_plus, N_minus, N)
    at0 = {N_plus: 0, N_minus: 0, N: 0}
    coeff_v = sp.diff(total, v).subs(at0)
    coeff_nv = sp.diff(total, v, N).subs(at0)
    coeffs_src = {x: sp.diff(total, x).subs({**at0, v: 0}) for x in sources}
    ratios = {
        "G0": sp.simplify(coeff_v.subs(P_L, 0) / micro["G0"]),
        "Gm": sp.simplify((coeff_v - coeff_v.subs(P_L, 0)) / micro["Gm"]),
        "GmN": sp.simplify(coeff_nv * S / micro["Gm"]),
        **{str(x): sp.simplify(coeffs_src[x] / micro["rate"]) for x in sources},
    }
    amplitudes = (a_r, a_i, b_r, b_i, A_plus, A_R)
    for key, val in ratios.items():
        if val.has(*amplitudes):
            raise RuntimeError(f"golden-rule current not expressible through G_0, G_m, Gamma ({key}: {val})")
    rebuilt_micro = (ratios["G0"] * micro["G0"] + ratios["Gm"] * micro["Gm"]
                     + ratios["GmN"] * micro["Gm"] * N / S) * v \
        + micro["rate"] * sum(ratios[str(x)] * x for x in sources)
    if sp.simplify(sp.expand(rebuilt_micro - total)) != 0:
        raise RuntimeError("golden-rule current has terms beyond v, N v, N_+, N_-, N")
    macro = (ratios["G0"] * G_0 + ratios["Gm"] * G_m + ratios["GmN"] * G_m * N / S) * v \
        + Gamma / (sp.pi * S) * sum(ratios[str(x)] * x for x in sources)
    return macro, ratios


@cache
def conductance_decomposition(orientation: int) -> dict:
    r"""Differential conductance split into elastic, MAT and STT parts, Eq. (15) of Bender et al. (2019).

    Premises: the current :math:`I(V, N)` of :func:`golden_rule_transport` (derived from the
    amplitudes of Eqs. (2)-(5) by the golden rule, rewritten through the coefficients
    :math:`G_0, G_m, \Gamma` of Eqs. (8)-(9) by :func:`_macroscopic_current`; units
    :math:`e=\hbar=\Omega=1`), :math:`N = N_s(V)`, and the printed definitions
    :math:`G_{MAT} = \partial_V I_i|_{N=N_s}` (:math:`I_i`: the part of :math:`I` carried by
    :math:`N_\pm` and :math:`N` alone), :math:`G_{STT} = \partial_N I|_{N=N_s}\,\partial_V N_s`,
    :math:`r = \partial_V G_{STT}/\partial_V G_{MAT}`. :math:`N_\pm(v)` and :math:`N_s(v)` are
    kept as undefined functions.

    Parameters
    ----------
    orientation : {1, -1}
        :math:`\eta`.

    Returns
    -------
    dict
        ``"current"``, ``"inelastic"`` (:math:`I_i`), ``"G"`` (:math:`dI/dV`), ``"G_MAT"``,
        ``"G_STT"``, ``"remainder"`` (:math:`G - G_{MAT} - G_{STT}`), ``"r"``, and
        ``"functions"`` (the undefined functions).

    Examples
    --------
    >>> from spinlib.magnon_transport import derivation
    >>> derivation.conductance_decomposition(1)["remainder"]  # Eq. (15), erratum 3
    G_0 + G_m - G_m*N_s(v)/S
    """
    if orientation not in (1, -1):
        raise ValueError(f"orientation must be one of [1, -1]; got {orientation!r}")
    fp, fm, fs = sp.Function("N_+"), sp.Function("N_-"), sp.Function("N_s")
    macro, _ = _macroscopic_current(orientation)
    elastic_part = sp.expand(macro).coeff(v) * v  # everything proportional to v
    i_inel = sp.expand(macro - elastic_part)
    on_v = {N_plus: fp(v), N_minus: fm(v)}
    current = sp.expand(macro).subs(on_v)
    i_inel = i_inel.subs(on_v)
    g_total = sp.diff(current.subs(N, fs(v)), v)
    g_mat = sp.diff(i_inel, v).subs(N, fs(v))
    g_stt = sp.diff(current, N).subs(N, fs(v)) * sp.diff(fs(v), v)
    remainder = sp.simplify(g_total - g_mat - g_stt)
    r = sp.diff(g_stt, v) / sp.diff(g_mat, v)
    return {"current": current, "inelastic": i_inel, "G": g_total, "G_MAT": g_mat, "G_STT": g_stt,
            "remainder": remainder, "r": r, "functions": {"N_plus": fp, "N_minus": fm, "N_s": fs}}


def reference_spin_estimate(*, conductance_siemens: float = 1.0, island_polarization: float = 0.1,
                            lattice_damping: float = 10.0) -> dict:
    r"""Carry the Sec. V estimate of :math:`\Gamma` through to the reference spin :math:`S_c`.

    Premises: :math:`S/S_c = \alpha_p/\alpha_e` (definition of :math:`S_c`, Sec. V) with the
    golden-rule :math:`\alpha_e` of :func:`golden_rule_transport` (:math:`\Gamma/2\pi S`) and,
    for comparison, the printed :math:`\alpha_e = \Gamma/\pi S`; :math:`\Gamma` from
    :func:`inelastic_parameter_estimate`.

    Parameters
    ----------
    conductance_siemens, island_polarization : float
        As in :func:`inelastic_parameter_estimate` (Sec. V: 1 S and 0.1).
    lattice_damping : float
        :math:`\alpha_p` (> 0); Sec. V takes 10.

    Returns
    -------
    dict
        ``"Gamma"``, ``"S_c"`` (derived normalisation), ``"S_c_printed"`` (printed
        :math:`\alpha_e`), all SymPy Floats, and ``"S_c_formula"`` (the derived expression).

    Examples
    --------
    >>> from spinlib.magnon_transport import derivation
    >>> est = derivation.reference_spin_estimate()
    >>> round(float(est["S_c"]), 3), round(float(est["S_c_printed"]), 3), est["S_c_formula"]
    (4.068, 8.135, Gamma/(2*pi*alpha_p))
    """
    from ..validate import positive

    ap = float(positive("lattice_damping", lattice_damping))
    gam = inelastic_parameter_estimate(conductance_siemens=conductance_siemens,
                                       island_polarization=island_polarization)
    gr = golden_rule_transport()
    s_c = sp.Symbol("S_c", positive=True)
    # S/S_c = alpha_p/alpha_e  ->  S_c = S alpha_e / alpha_p, alpha_e in terms of Gamma
    alpha_e_of_gamma = sp.simplify(gr["alpha_e"] / gr["Gamma"]) * Gamma
    (sc_derived,) = sp.solve(sp.Eq(S / s_c, alpha_p / alpha_e_of_gamma), s_c)
    (sc_printed,) = sp.solve(sp.Eq(S / s_c, alpha_p / (Gamma / (sp.pi * S))), s_c)
    return {
        "Gamma": gam,
        "S_c": sp.Float(sp.N(sc_derived.subs({Gamma: gam, alpha_p: ap}))),
        "S_c_printed": sp.Float(sp.N(sc_printed.subs({Gamma: gam, alpha_p: ap}))),
        "S_c_formula": sp.simplify(sc_derived),
    }


def inelastic_parameter_estimate(*, conductance_siemens: float = 1.0, island_polarization: float = 0.1):
    r"""Evaluate :math:`\Gamma = 2(G_0/G_\phi)P^2/(1+P^2)` (below Eq. (11)) for SI inputs.

    Parameters
    ----------
    conductance_siemens : float
        :math:`G_0` in siemens (> 0). Sec. V of Bender et al. (2019) takes :math:`G_0\sim1\,\mathrm S`.
    island_polarization : float
        Real :math:`P`, in [-1, 1]; Sec. V takes :math:`P\sim0.1`.

    Returns
    -------
    sympy.Float
        :math:`\Gamma` (dimensionless), with :math:`G_\phi = 2e^2/h` from :mod:`scipy.constants`.

    Examples
    --------
    >>> from spinlib.magnon_transport import derivation
    >>> round(float(derivation.inelastic_parameter_estimate()), 2)  # G0 = 1 S, P = 0.1 (Sec. V)
    255.57
    """
    from scipy import constants

    from ..validate import in_range, positive

    g0 = float(positive("conductance_siemens", conductance_siemens))
    pol = float(in_range("island_polarization", island_polarization, -1.0, 1.0))
    par = simplified_parametrisation()
    sym = par["symbols"]
    g_phi = 2 * constants.e**2 / constants.h
    ratio = par["Gamma_Gphi_over_G0"].subs({sym["P_r"]: pol, sym["P_i"]: 0})
    return sp.Float(ratio * g0 / g_phi)


def _eta_general(form_p, form_ap):
    """Write the eta = +1 form with P_L -> eta P_L (so G_m -> eta G_m), after checking it gives eta = -1."""
    general = form_p.subs({P_L: eta * P_L, G_m: eta * G_m}, simultaneous=True)
    if sp.simplify(general.subs(eta, -1) - form_ap) != 0:
        raise RuntimeError("the two orientations are not related by P_L -> -P_L")
    return general


def _plain(expr):
    """Display form: the real-component amplitudes A_r + i A_i, B_r + i B_i shown as A, B."""
    if sp.simplify(expr.diff(a_i) - sp.I * expr.diff(a_r)) != 0 or sp.simplify(
        expr.diff(b_i) - sp.I * expr.diff(b_r)
    ) != 0:
        raise ValueError("expression is not holomorphic in A, B")
    return expr.subs({a_i: 0, b_i: 0}).subs({a_r: sp.Symbol("A"), b_r: sp.Symbol("B")})


@cache
def chapter_equations() -> dict:
    r"""Derived results for the chapter page (glue), name -> SymPy expression or ``Eq``.

    Every entry is computed by the derivation functions of this module (nothing typed in).
    ``eta`` is the orientation (+1 P, -1 AP); units :math:`\hbar = e = \Omega = 1`.

    Keys
    ----
    ``hp_commutator`` (exact :math:`[S_+,S_-]=2S_z`), ``hp_truncated_commutator``,
    ``hp_truncated_error`` (relative error of the truncated form, :math:`m/S`), ``hp_casimir_error``,
    ``t_plus``, ``t_minus`` (Eq. (4), derived), ``g_inelastic`` (Eq. (5)), ``fermi_window``,
    ``N_plus_T0``, ``N_minus_T0``, ``N_plus_high_T``, ``N_minus_high_T``, ``current``
    (Eqs. (6)-(7)), ``magnon_rate`` (Eq. (13)), ``alpha_e`` (in :math:`\Gamma`), ``N_s``, ``gamma``,
    ``V_c``, ``N_tilde`` (Eq. (14), with :math:`\eta`), ``G_decomposition`` (Eq. (15)), ``G_MAT``,
    ``G_STT``, ``r``, ``fig2_Gamma``, ``fig2_Gm`` (Fig. 2 caption ratios). Aliases (tuples shown
    side by side): ``N_high_T``, ``inelastic_current`` (= ``current``), ``conductance_decomposition``
    (= ``G_decomposition``), ``fig2_ratios``. The commutators are matrix elements on the magnon
    Fock state :math:`|m\rangle` (:math:`m` magnons).

    Examples
    --------
    >>> from spinlib.magnon_transport import derivation
    >>> eq = derivation.chapter_equations()
    >>> eq["V_c"], eq["alpha_e"]
    (Eq(V_c, (alpha_e + alpha_p)/(P_L*alpha_e*eta)), Eq(alpha_e, \Gamma/(2*pi*S)))
    """
    hp = holstein_primakoff_algebra()
    hpt = holstein_primakoff_algebra(truncated=True)
    ham = tunnelling_hamiltonian()
    fw = fermi_window()
    lim = electron_hole_limits()
    gr = golden_rule_transport()
    ss = {o: steady_state(o) for o in (1, -1)}
    cdec = {o: conductance_decomposition(o) for o in (1, -1)}
    f = cdec[1]["functions"]
    npl, nmi, ns, gam = sp.symbols(r"N_+ N_- N_s \Gamma")
    sym_s = sp.Symbol("S")
    unit_rate = gr["Gamma"] / (sp.pi * S)
    gm_pl = gr["Gm"].subs(p, P_L)

    def per_orientation(o, key):
        if key == "current":
            elastic = (gr["G0"] + o * gm_pl * (1 - N / S)) * v
            rest = sp.expand(sp.cancel((gr["total"].subs(p, -o * P_L) - elastic) / unit_rate))
            return sp.collect(rest, P_L)  # inelastic bracket of Eq. (7)
        return sp.collect(sp.expand(sp.cancel(gr["magnon_rate"].subs(p, -o * P_L) / unit_rate)), P_L)

    rate_unit = gam / (sp.pi * sym_s)
    fig2 = simplified_parametrisation()["fig2"]
    remainder = _eta_general(cdec[1]["remainder"], cdec[-1]["remainder"]).subs(f["N_s"](v), ns)
    g_mat, g_stt = sp.symbols("G_{MAT} G_{STT}")
    out = {
        "hp_commutator": sp.Eq(sp.Symbol(r"\left[S_{+},S_{-}\right]"), hp["plus_minus"]),
        "hp_truncated_commutator": sp.Eq(sp.Symbol(r"\left[S_{+},S_{-}\right]_{\rm trunc}"),
                                         hpt["plus_minus"]),
        "hp_truncated_error": sp.Eq(sp.Symbol(r"\frac{\left[S_{+},S_{-}\right]_{\rm trunc}}{2S_{z}} - 1"),
                                    hpt["plus_minus_relative_error"]),
        "hp_casimir_error": sp.Eq(sp.Symbol(r"\frac{\mathbf{S}^{2}_{\rm trunc}}{S(S+1)} - 1"),
                                  hpt["casimir_relative_error"]),
        "t_plus": sp.Eq(sp.Symbol(r"\hat t^{(+)}"), _plain(ham["t_plus"])),
        "t_minus": sp.Eq(sp.Symbol(r"\hat t^{(-)}"), _plain(ham["t_minus"])),
        "g_inelastic": sp.Eq(sp.Symbol(r"g"), _plain(ham["g_emit"])),
        "fermi_window": sp.Eq(sp.Function("W")(w), fw["window"]),
        "N_plus_T0": sp.Eq(npl, lim["zero_T"][0]),
        "N_minus_T0": sp.Eq(nmi, lim["zero_T"][1]),
        "N_plus_high_T": sp.Eq(npl, lim["high_T"][0]),
        "N_minus_high_T": sp.Eq(nmi, lim["high_T"][1]),
        "current": sp.Eq(sp.Symbol("I"), (G_0 + eta * G_m * (1 - N / sym_s)) * v + rate_unit * _eta_general(
            per_orientation(1, "current"), per_orientation(-1, "current"))),
        "magnon_rate": sp.Eq(sp.Symbol(r"\dot N_{\rm el}") / rate_unit,
                             _eta_general(per_orientation(1, "rate"), per_orientation(-1, "rate"))),
        "alpha_e": sp.Eq(alpha_e, sp.simplify(gr["alpha_e"] / gr["Gamma"]) * gam),
        "N_s": sp.Eq(ns, _eta_general(ss[1]["N_s"], ss[-1]["N_s"])),
        "gamma": sp.Eq(sp.Symbol(r"\gamma"), _eta_general(ss[1]["gamma"], ss[-1]["gamma"])),
        "V_c": sp.Eq(V_c, _eta_general(ss[1]["V_c"], ss[-1]["V_c"])),
        "N_tilde": sp.Eq(sp.Symbol(r"\tilde N"), _eta_general(ss[1]["N_tilde"], ss[-1]["N_tilde"])),
        "G_decomposition": sp.Eq(sp.Symbol("G"), remainder + g_mat + g_stt),
        "G_MAT": sp.Eq(g_mat, _eta_general(cdec[1]["G_MAT"], cdec[-1]["G_MAT"])),
        "G_STT": sp.Eq(g_stt, _eta_general(cdec[1]["G_STT"], cdec[-1]["G_STT"])),
        "r": sp.Eq(sp.Symbol("r"), _eta_general(sp.simplify(cdec[1]["r"]), sp.simplify(cdec[-1]["r"]))),
        "fig2_Gamma": sp.Eq(Gamma * sp.Symbol(r"G_{\phi}") / G_0, fig2[0]),
        "fig2_Gm": sp.Eq(G_m / G_0, fig2[1]),
    }
    # aliases (names used by the chapter page); tuples are shown side by side
    out["N_high_T"] = (out["N_plus_high_T"], out["N_minus_high_T"])
    out["inelastic_current"] = out["current"]
    out["conductance_decomposition"] = out["G_decomposition"]
    out["fig2_ratios"] = (out["fig2_Gamma"], out["fig2_Gm"])
    return out
