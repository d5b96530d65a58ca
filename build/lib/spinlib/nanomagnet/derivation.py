"""SymPy derivations of the nanomagnet chapter (Parcollet & Waintal, Phys. Rev. B 73, 144420 (2006), "P&W").

Each function starts from stated premises and derives; none types in the paper's result.
The tests (tests/nanomagnet/test_nanomagnet_derivation.py) compare with the printed equations.

Errata found (the chapter shows each; the tests keep both forms):

* Eq. (54): the high-temperature limit of Eq. (53) gives ``Gamma (1 - q^2) / (32 k T S_0 (1 + q
  eta u))`` for the lead-induced damping, not ``/16``.
* Eqs. (24c), (35c): the lead part of the diffusion misses the correlation between the spin carried
  in by an electron and the spin carried out by the next one; the long-time variance of ``S_z``
  (second cumulant of the tunnelling process at frozen ``u``) adds a term proportional to
  ``q (1 - u^2)^2``. Both coincide at ``q = 0``.
* Eq. (37): the second Fermi function must carry ``kappa sigma' u`` (printed ``kappa sigma u``).

Transcription (not errata of the paper, but of the text file the book was written from): the
energy of Eq. (22a) reads ``-h S_z - (kappa/S_0) S_z^2`` and Eq. (51a) ``h/(2 kappa)``.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

__all__ = [
    "SYMBOLS",
    "clebsch_gordan_weight",
    "charge_equilibrium",
    "fokker_planck_coefficients",
    "bath_coefficients",
    "current_frozen_u",
    "reduced_equation",
    "zero_bias_drift",
    "high_temperature_damping",
    "hbar_max",
    "chapter_equations",
    "printed_diffusion",
    "diffusion_correction",
]

u, q, S0 = sp.symbols("u q S_0", real=True)
eta, sigma = sp.symbols("eta sigma", integer=True)
S, Sz = sp.symbols("S S_z", real=True)
s_k = sp.Symbol("s", real=True)  # counting field
f_up, f_dn = sp.symbols(r"f_\uparrow f_\downarrow", positive=True)
G_up, G_dn, Gam = sp.symbols(r"\Gamma^\uparrow \Gamma^\downarrow \Gamma", positive=True)
kappa, h, T, eps, alpha_B = sp.symbols(r"kappa h T epsilon alpha_B", positive=True)
x = sp.Symbol("x", real=True)
GLu, GLd, GRu, GRd = sp.symbols(r"\Gamma_L^\uparrow \Gamma_L^\downarrow "
                                r"\Gamma_R^\uparrow \Gamma_R^\downarrow",
                                positive=True)
nLu, nLd, nRu, nRd = sp.symbols(r"n_L^\uparrow n_L^\downarrow n_R^\uparrow n_R^\downarrow", positive=True)
Theta, hb, v = sp.symbols(r"Theta \bar{h} \bar{v}", real=True)

SYMBOLS = {"u": u, "q": q, "S_0": S0, "eta": eta, "sigma": sigma, "S": S, "S_z": Sz,
           "f_up": f_up, "f_dn": f_dn, "G_up": G_up, "G_dn": G_dn, "Gamma": Gam, "kappa": kappa,
           "h": h, "T": T, "epsilon": eps, "alpha_B": alpha_B, "Theta": Theta, "hbar_field": hb,
           "GLu": GLu, "GLd": GLd, "GRu": GRu, "GRd": GRd, "nLu": nLu, "nLd": nLd, "nRu": nRu,
           "nRd": nRd}


def clebsch_gordan_weight(orbital: int):
    """Eq. (17) from the projector onto total spin ``S + eta/2``.

    Premise: adding a spin-1/2 to spin ``S`` gives ``S' = S +- 1/2``, on which ``S.s`` takes the
    values ``lambda(S') = [S'(S'+1) - S(S+1) - 3/4]/2``. The projector onto ``S' = S + eta/2`` is
    ``(S.s - lambda_other)/(lambda_eta - lambda_other)``; its diagonal element in
    ``|S, S_z> |sigma/2>`` needs only ``<S.s> = S_z sigma/2`` (transverse parts are off-diagonal).
    """
    lam = {e: sp.Rational(1, 2) * ((S + sp.Rational(e, 2)) * (S + sp.Rational(e, 2) + 1)
                                   - S * (S + 1) - sp.Rational(3, 4)) for e in (1, -1)}
    e = int(orbital)
    diag_sds = Sz * sigma / 2
    return sp.factor(sp.simplify((diag_sds - lam[-e]) / (lam[e] - lam[-e])))


def _rates_frozen_u():
    """Entering / leaving rates per spin channel at frozen ``u`` (large S0, Eq. (17) weights)."""
    wu, wd = (1 + eta * u) / 2, (1 - eta * u) / 2
    return {"in_up": wu * f_up, "in_dn": wd * f_dn,
            "out_up": wu * (G_up - f_up), "out_dn": wd * (G_dn - f_dn)}


def charge_equilibrium():
    """Probabilities of the two charge states at frozen ``u``: solve the 2x2 balance (Eq. (33))."""
    r = _rates_frozen_u()
    p_plus = sp.Symbol("p_+")
    k_in, k_out = r["in_up"] + r["in_dn"], r["out_up"] + r["out_dn"]
    sol = sp.solve(sp.Eq(k_in * (1 - p_plus), k_out * p_plus), p_plus)[0]
    return sp.simplify(sol), sp.simplify(1 - sol)


@cache
def fokker_planck_coefficients():
    """Drift ``R`` and diffusion ``D`` of the lead part of Eq. (35a), derived.

    Premise: at frozen ``u`` the charge is a two-state Markov chain; entering with spin ``sigma``
    raises ``S_z`` by ``sigma/2``, leaving lowers it by ``sigma/2``. The largest eigenvalue
    ``lambda(s)`` of the tilted generator (rates multiplied by ``exp(s dS_z)``) is the cumulant
    generating rate of ``S_z``: ``lambda'(0)`` its mean rate, ``lambda''(0)`` its variance rate.
    With ``u = S_z/S_0`` and ``d rho/dt = d_u[-R rho + (1/S_0) d_u (D rho)]``:
    ``R = lambda'(0)/S_0`` and ``D = lambda''(0)/(2 S_0)``.

    Returns
    -------
    dict with ``R``, ``D`` (in ``f_up, f_dn, Gamma^up, Gamma^down, u, eta, S_0``).
    """
    r = _rates_frozen_u()
    a_s = r["in_up"] * sp.exp(s_k / 2) + r["in_dn"] * sp.exp(-s_k / 2)
    b_s = r["out_up"] * sp.exp(-s_k / 2) + r["out_dn"] * sp.exp(s_k / 2)
    k_in, k_out = a_s.subs(s_k, 0), b_s.subs(s_k, 0)
    l1, l2 = sp.symbols("l1 l2")
    lam = l1 * s_k + l2 * s_k**2 / 2
    char = sp.expand(sp.series((lam + k_in) * (lam + k_out) - a_s * b_s, s_k, 0, 3).removeO())
    sol1 = sp.solve(char.coeff(s_k, 1), l1)[0]
    sol2 = sp.solve(char.coeff(s_k, 2).subs(l1, sol1), l2)[0]
    sub = {eta**2: 1}
    R = sp.factor(sp.simplify(sp.expand(sol1).subs(sub) / S0))
    D = sp.factor(sp.simplify(sp.expand(sol2).subs(sub) / (2 * S0)))
    return {"R": R, "D": D}


def bath_coefficients():
    """Drift and diffusion of the bath part, from the jump rates of Eq. (21) at large ``S_0``.

    Premise: ``S_z -> S_z +- 1`` with ``|<S_z +- 1|S^+-|S_z>|^2 ~ S_0^2 (1 - u^2)`` and rate
    ``(alpha_B/S_0) w(+-E)``, ``w(E) = E (1 + n_B(E))`` (Ohmic bath, Eq. (23)), ``E = h + 2 kappa u``
    the energy released going up. Returns ``R``, ``D`` as for the leads.
    """
    E = h + 2 * kappa * u
    nB = 1 / (sp.exp(E / T) - 1)
    w_up = E * (1 + nB)
    w_dn = -E * (1 + 1 / (sp.exp(-E / T) - 1))
    m2 = S0**2 * (1 - u**2)
    up, dn = alpha_B / S0 * m2 * w_up, alpha_B / S0 * m2 * w_dn
    R = sp.simplify((up - dn) / S0)
    D = sp.simplify((up + dn) / 2 / S0)  # variance rate of S_z / (2 S_0)
    return {"R": R, "D": D}


def current_frozen_u():
    """Current from lead L at frozen ``u`` with the charge in equilibrium (two leads), derived.

    Premise: ``I_L = P(N) k_in^L - P(N+1) k_out^L`` with the charge probabilities of
    :func:`charge_equilibrium` and per-lead rates ``Gamma_a^sigma (1 + eta sigma u)/2 n_a``.
    """
    w = {1: (1 + eta * u) / 2, -1: (1 - eta * u) / 2}
    G = {("L", 1): GLu, ("L", -1): GLd, ("R", 1): GRu, ("R", -1): GRd}
    n = {("L", 1): nLu, ("L", -1): nLd, ("R", 1): nRu, ("R", -1): nRd}
    k_in = {a: sum(G[a, s] * w[s] * n[a, s] for s in (1, -1)) for a in "LR"}
    k_out = {a: sum(G[a, s] * w[s] * (1 - n[a, s]) for s in (1, -1)) for a in "LR"}
    tot_in, tot_out = k_in["L"] + k_in["R"], k_out["L"] + k_out["R"]
    p_minus = tot_out / (tot_in + tot_out)
    p_plus = tot_in / (tot_in + tot_out)
    return sp.simplify(p_minus * k_in["L"] - p_plus * k_out["L"])


def reduced_equation():
    """Eq. (50)-(52): Eq. (24b) at ``T = 0`` (right lead empty, ``eta = 1``), time in ``1/(2 alpha_B kappa)``.

    Premise: ``f_sigma = Gamma_L^sigma theta_sigma`` (Eq. (25) at ``T = 0``), rates in units of
    ``8 S_0 alpha_B kappa``; returns ``(udot, A_hat)`` with symbols ``theta_up``, ``theta_dn``.
    """
    th_u, th_d = sp.symbols(r"\theta_\uparrow \theta_\downarrow", nonnegative=True)
    unit = 8 * S0 * alpha_B * kappa
    fu, fd = GLu * unit * th_u, GLd * unit * th_d
    R = (1 - u**2) * (alpha_B * (2 * kappa * hb + 2 * kappa * u)
                      + ((1 - q) * fu - (1 + q) * fd) / (4 * S0 * (1 + q * u)))
    udot = sp.simplify(R / (2 * alpha_B * kappa))
    a_hat = sp.simplify((udot / (1 - u**2) - hb - u) * (1 + q * u))
    return udot, a_hat


def zero_bias_drift():
    """Lead part of Eq. (53): the lead term of Eq. (24b) with every lead at ``mu = 0``.

    Premise: ``Gamma^up = Gamma (1 + q)/2``, ``Gamma^down = Gamma (1 - q)/2``, ``f_sigma =
    Gamma^sigma n(eps - kappa sigma u - h sigma/2)``.
    """
    n = lambda e: 1 / (1 + sp.exp(e / T))  # noqa: E731
    fu = Gam * (1 + q) / 2 * n(eps - kappa * u - h / 2)
    fd = Gam * (1 - q) / 2 * n(eps + kappa * u + h / 2)
    return (1 - u**2) * ((1 - q) * fu - (1 + q) * fd) / (4 * S0 * (1 + q * eta * u))


def high_temperature_damping():
    """The lead-induced damping of Eq. (54): leading term of Eq. (53) in ``1/T``, divided by the
    LLG form ``(1 - u^2)(h + 2 kappa u)``."""
    lead = zero_bias_drift()
    y = sp.Symbol("y", positive=True)  # y = 1/T
    series = sp.series(lead.subs(T, 1 / y), y, 0, 2).removeO()
    return sp.simplify(series.coeff(y, 1) / T / ((1 - u**2) * (h + 2 * kappa * u)))


def hbar_max():
    """Upper field ``h_max`` of the (-1,SP,+1) region: the double root of Eq. (49) with ``I = Theta``.

    Premise: interior fixed points of ``h + u + Theta/(1 + q u)`` merge where the discriminant
    ``(q h - 1)^2 - 4 q Theta`` of ``q u^2 + (1 + q h) u + h + Theta`` vanishes (coefficients
    derived here); returns the smaller root in ``h`` (the branch printed in Sec. V.2).
    """
    poly = sp.Poly(sp.expand((hb + u) * (1 + q * u) + Theta), u)
    a, b, c = poly.all_coeffs()
    disc = sp.expand(b**2 - 4 * a * c)
    roots = sp.solve(sp.Eq(disc, 0), hb)
    return disc, sorted(roots, key=lambda r: float(r.subs({q: sp.Rational(1, 4), Theta: 1})))[0]


def chapter_equations():
    """The derived equations the chapter displays, as ``sympy.Eq`` objects (names -> Eq)."""
    fp = fokker_planck_coefficients()
    bath = bath_coefficients()
    p_plus, _ = charge_equilibrium()
    udot, a_hat = reduced_equation()
    R_sym, D_sym, I_sym = sp.symbols("R_{leads} D_{leads} I_L")
    w_sym = sp.Symbol("w_{17}")
    return {
        "cg_major": sp.Eq(w_sym, clebsch_gordan_weight(1)),
        "cg_minor": sp.Eq(w_sym, clebsch_gordan_weight(-1)),
        "p_plus": sp.Eq(sp.Symbol("P_{N+1}"), p_plus),
        "R_leads": sp.Eq(R_sym, fp["R"]),
        "D_leads": sp.Eq(D_sym, fp["D"]),
        "R_bath": sp.Eq(sp.Symbol("R_{bath}"), bath["R"]),
        "D_bath": sp.Eq(sp.Symbol("D_{bath}"), bath["D"]),
        "current": sp.Eq(I_sym, current_frozen_u()),
        "udot_reduced": sp.Eq(sp.Symbol(r"\dot u"), udot),
        "a_hat": sp.Eq(sp.Symbol(r"\hat A"), a_hat),
        "zero_bias": sp.Eq(sp.Symbol(r"\dot u_{leads}"), zero_bias_drift()),
        "alpha_eff": sp.Eq(sp.Symbol(r"\alpha_{eff} - \alpha_B"), high_temperature_damping()),
        "hbar_max": sp.Eq(sp.Symbol(r"\bar h_{max}"), hbar_max()[1]),
    }


def printed_diffusion():
    """The lead part of ``D`` as printed in Eq. (35c) of P&W (kept for the erratum display only).

    ``D = (1 - u^2)(a a~ - u^2 b b~) / (2 Gamma S_0 (1 + q eta u))`` with ``a, b`` (``a~, b~``) the
    sums of Eq. (34) over the filled (empty) lead states.
    """
    a, b = (f_up + f_dn) / 2, (f_up - f_dn) / 2
    at, bt = (G_up + G_dn - f_up - f_dn) / 2, (G_up - G_dn - f_up + f_dn) / 2
    gam, qq = G_up + G_dn, (G_up - G_dn) / (G_up + G_dn)
    return (1 - u**2) * (a * at - u**2 * b * bt) / (2 * gam * S0 * (1 + qq * eta * u))


def diffusion_correction():
    """Derived minus printed lead diffusion, in terms of ``Gamma, q`` (``Gamma^up = Gamma (1+q)/2``)."""
    fp = fokker_planck_coefficients()
    sub = {G_up: Gam * (1 + q) / 2, G_dn: Gam * (1 - q) / 2}
    diff = (fp["D"] - printed_diffusion()).subs(sub).subs(eta**3, eta)
    return sp.factor(sp.simplify(diff.subs(eta, 1)))
