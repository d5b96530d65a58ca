"""SymPy derivations for the spin-torque oscillator (axially symmetric macrospin at finite temperature).

Premises (stated once, used by every function):

* Brown's stochastic Gilbert equation in the units of :mod:`spinlib.macrospin.llg`,
  ``dm/dtau = -m x (h_eff + h_th) + alpha m x dm/dtau + a(theta) m x (m x z)``, i.e. Eq. (3) of
  Ralph & Stiles (2008) with the Slonczewski torque of their Eq. (25), ``a = j / (1 + b cos theta)``;
* the axial geometry ``h_eff = (h + k cos theta) z``, polarizer ``z``;
* ``m = (sin theta cos phi, sin theta sin phi, cos theta)``, ``|m| = 1``;
* the thermal field is white, ``<h_th,i h_th,j> = 2 alpha epsilon delta_ij delta(tau - tau')``
  (fluctuation-dissipation, Brown 1963), here through its components along ``e_theta``, ``e_phi``;
* for the linewidth: the amplitude is linearised about the cone (an Ornstein-Uhlenbeck process) and
  the line is the Fourier transform of ``<exp(i Delta phi)>``.

Each function derives (linsolve, diff, solve, integrate, limit, simplify); the printed forms of the
papers (Parcollet & Waintal (2006) Eqs. (43)-(44), the Kim-Slavin-Tiberkevich coupling) live only
in the tests.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

__all__ = [
    "symbols",
    "split_equations",
    "cone_frequency",
    "nonlinear_shift",
    "relaxation_rate",
    "noise_intensities",
    "phase_diffusion",
    "lorentzian_fwhm",
    "small_power_coupling",
    "shift_from_relaxation",
]


@cache
def symbols() -> dict:
    """The symbols (positive where physics says so).

    Examples
    --------
    >>> symbols()["u"]
    u
    """
    pos = dict(positive=True)
    return {
        "alpha": sp.Symbol("alpha", **pos),
        "epsilon": sp.Symbol("epsilon", nonnegative=True),
        "h": sp.Symbol("h", real=True),
        "k": sp.Symbol("k", real=True),
        "b": sp.Symbol("b", real=True),
        "j": sp.Symbol("j", real=True),
        "u": sp.Symbol("u", real=True),
        "u0": sp.Symbol("u_0", real=True),
        "p": sp.Symbol("p", positive=True),
        "theta": sp.Symbol("theta", positive=True),
        "phi": sp.Symbol("phi", real=True),
        "h_theta": sp.Symbol("h_theta", real=True),
        "h_phi": sp.Symbol("h_phi", real=True),
        "Gamma": sp.Symbol("Gamma", **pos),
        "N": sp.Symbol("N_u", real=True),
        "D": sp.Symbol("D", **pos),
        "tau": sp.Symbol("tau", **pos),
        "omega": sp.Symbol("omega", real=True),
    }


@cache
def split_equations() -> dict:
    """Solve the Gilbert equation of the premises for ``dtheta/dtau`` and ``dphi/dtau``.

    Returns
    -------
    dict of SymPy expressions in ``u = cos theta``: ``"udot"`` (deterministic ``du/dtau``), ``"phidot"``
    (deterministic ``dphi/dtau``), and the thermal parts ``"theta_noise"`` and ``"phi_noise"``
    (``dtheta/dtau`` and ``sin theta dphi/dtau`` from ``h_theta``, ``h_phi``).

    Examples
    --------
    >>> s = symbols()
    >>> sp.factor(split_equations()["udot"].subs({s["k"]: 0, s["j"]: 0}))
    -alpha*h*(u - 1)*(u + 1)/(alpha**2 + 1)
    """
    s = symbols()
    ph, al, u = s["phi"], s["alpha"], s["u"]
    # theta in (0, pi): cos theta = u, sin theta = sqrt(1 - u^2) > 0
    C, S = u, sp.sqrt(1 - u**2)
    m = sp.Matrix([S * sp.cos(ph), S * sp.sin(ph), C])
    e_th = sp.Matrix([C * sp.cos(ph), C * sp.sin(ph), -S])
    e_ph = sp.Matrix([-sp.sin(ph), sp.cos(ph), 0])
    z = sp.Matrix([0, 0, 1])
    tdot, pdot = sp.symbols("thetadot phidot", real=True)
    mdot = tdot * e_th + S * pdot * e_ph
    heff = (s["h"] + s["k"] * C) * z + s["h_theta"] * e_th + s["h_phi"] * e_ph
    a = s["j"] / (1 + s["b"] * C)
    residual = mdot - (-m.cross(heff) + al * m.cross(mdot) + a * m.cross(m.cross(z)))
    eqs = [sp.simplify(residual.dot(e)) for e in (e_th, e_ph)]
    sol = sp.solve(eqs, [tdot, pdot], dict=True)[0]
    tdot_s, pdot_s = sp.simplify(sol[tdot]), sp.simplify(sol[pdot])
    noise0 = {s["h_theta"]: 0, s["h_phi"]: 0}
    udot = sp.simplify(-S * tdot_s.subs(noise0))  # du/dtau = -sin theta dtheta/dtau
    phidot = sp.simplify(pdot_s.subs(noise0))
    th_noise = sp.simplify(tdot_s - tdot_s.subs(noise0))
    ph_noise = sp.simplify(S * (pdot_s - pdot_s.subs(noise0)))
    return {
        "udot": sp.factor(udot),
        "phidot": sp.factor(phidot),
        "theta_noise": th_noise,
        "phi_noise": ph_noise,
    }


def _cone_current():
    """The current that puts the cone at ``u0``: the root of ``udot(u0) = 0`` inside (-1, 1)."""
    s = symbols()
    udot = split_equations()["udot"].subs(s["u"], s["u0"])
    inner = sp.factor(udot / (1 - s["u0"] ** 2))
    return sp.solve(sp.numer(sp.together(inner)), s["j"])[0]


def cone_frequency():
    """Phase velocity on the cone: ``dphi/dtau`` at ``u0`` with the current that holds the cone there.

    Returns
    -------
    SymPy expression in ``h``, ``k``, ``u0`` (derived: it simplifies to ``h + k u0``).

    Examples
    --------
    >>> cone_frequency()
    h + k*u_0
    """
    s = symbols()
    w = split_equations()["phidot"].subs(s["u"], s["u0"])
    return sp.factor(sp.simplify(w.subs(s["j"], _cone_current())))


def nonlinear_shift():
    """``N = d(dphi/dtau)/dp`` at fixed current, ``p = (1 + u) / 2``, evaluated at ``u0``.

    Examples
    --------
    >>> s = symbols()
    >>> sp.simplify(nonlinear_shift().subs({s["b"]: 0}))
    2*k/(alpha**2 + 1)
    """
    s = symbols()
    w = split_equations()["phidot"]
    return sp.simplify((2 * sp.diff(w, s["u"])).subs(s["u"], s["u0"]))


def relaxation_rate():
    """``Gamma = -d(du/dtau)/du`` at the cone ``u0`` (current eliminated with the cone condition).

    Examples
    --------
    >>> s = symbols()
    >>> sp.factor(relaxation_rate().subs({s["b"]: 0}))
    alpha*k*(u_0 - 1)*(u_0 + 1)/(alpha**2 + 1)
    """
    s = symbols()
    udot = split_equations()["udot"]
    return sp.simplify(-sp.diff(udot, s["u"]).subs(s["u"], s["u0"]).subs(s["j"], _cone_current()))


def noise_intensities():
    """Intensities of the thermal noise in ``theta`` and in ``sin theta phi`` and their cross term.

    With ``<h_a h_b> = 2 alpha epsilon delta_ab``: intensity of a linear form ``c_theta h_theta +
    c_phi h_phi`` is ``2 alpha epsilon (c_theta^2 + c_phi^2)``.

    Returns
    -------
    dict ``"theta"``, ``"phi"``, ``"cross"`` (each derived; the first two equal ``2 D`` with
    ``D = alpha epsilon / (1 + alpha^2)``, the cross term vanishes).

    Examples
    --------
    >>> noise_intensities()["cross"]
    0
    """
    s = symbols()
    eq = split_equations()
    c = {}
    for name in ("theta_noise", "phi_noise"):
        c[name] = [sp.diff(eq[name], s["h_theta"]), sp.diff(eq[name], s["h_phi"])]
    q = 2 * s["alpha"] * s["epsilon"]
    ct, cp = c["theta_noise"], c["phi_noise"]
    return {
        "theta": sp.simplify(q * (ct[0] ** 2 + ct[1] ** 2)),
        "phi": sp.simplify(q * (cp[0] ** 2 + cp[1] ** 2)),
        "cross": sp.simplify(q * (ct[0] * cp[0] + ct[1] * cp[1])),
    }


def phase_diffusion():
    """Long-time phase diffusion constant ``D_phi`` of the linearised oscillator.

    Premises: ``delta u`` is an Ornstein-Uhlenbeck process, ``d delta u = -Gamma delta u dtau +
    sqrt(2 D (1 - u0^2)) dW_u`` (the ``theta`` noise of :func:`noise_intensities` times
    ``sin theta0``); the phase obeys ``dphi = [w0 + N_u delta u] dtau + sqrt(2 D / (1 - u0^2)) dW_phi``
    with independent ``W_u``, ``W_phi``. Then ``D_phi = int_0^inf <v(tau) v(0)> dtau`` for the phase
    velocity fluctuation ``v``, integrated here from the OU correlation
    ``<du(tau) du(0)> = D (1 - u0^2) exp(-Gamma tau) / Gamma``.

    Returns
    -------
    SymPy expression in ``D``, ``u0``, ``N_u`` (``= dw/du``) and ``Gamma``.

    Examples
    --------
    >>> s = symbols()
    >>> sp.simplify(phase_diffusion().subs(s["N"], 0))
    -D/(u_0**2 - 1)
    """
    s = symbols()
    D, u0, G, N, tau = s["D"], s["u0"], s["Gamma"], s["N"], s["tau"]
    x = sp.Symbol("x", real=True)
    # stationary OU variance from the Lyapunov equation 0 = -2 Gamma var + intensity
    var = sp.solve(sp.Eq(0, -2 * G * x + 2 * D * (1 - u0**2)), x)[0]
    corr = N**2 * var * sp.exp(-G * tau)
    white = 2 * D / (1 - u0**2)  # intensity of the direct phase noise: contributes half of it
    return sp.simplify(sp.integrate(corr, (tau, 0, sp.oo)) + white / 2)


def lorentzian_fwhm():
    """FWHM of the line whose correlation is ``exp(-D_phi |tau|)`` (Fourier transform, half maximum).

    Examples
    --------
    >>> lorentzian_fwhm()
    2*D
    """
    s = symbols()
    D, tau, om = s["D"], s["tau"], s["omega"]
    line = sp.simplify(2 * sp.integrate(sp.exp(-D * tau) * sp.cos(om * tau), (tau, 0, sp.oo), conds="none"))
    peak = line.subs(om, 0)
    roots = sp.solve(sp.Eq(line, peak / 2), om)
    return sp.simplify(max(roots, key=lambda r: sp.sign(r)) - min(roots, key=lambda r: sp.sign(r)))


def small_power_coupling():
    """Ratio of the derived coupling ``nu = N_u (1 - u0^2) / Gamma`` to ``N_p p0 / Gamma_eff`` as ``p0 -> 0``.

    With ``p = (1 + u) / 2``, ``N_p = 2 N_u`` and ``Gamma = 2 Gamma_eff``.

    Examples
    --------
    >>> small_power_coupling()
    1
    """
    s = symbols()
    p, G, N = s["p"], s["Gamma"], s["N"]
    u0 = 2 * p - 1
    nu = N * (1 - u0**2) / G
    kst = (2 * N) * p / (G / 2)
    return sp.limit(sp.simplify(nu / kst), p, 0)


def shift_from_relaxation():
    """The nonlinear shift ``N`` written through the relaxation rate ``Gamma`` (field and current eliminated).

    Premises: ``N = 2 d(dphi/dtau)/du`` at fixed current and ``Gamma = -d(du/dtau)/du``, both at the
    cone ``u0`` (:func:`nonlinear_shift`, the definition behind :func:`relaxation_rate`); the cone
    condition ``du/dtau = 0`` at ``u0`` is solved for the field ``h``, and the definition of
    ``Gamma`` for the current ``j``, which is then put into ``N``.

    Returns
    -------
    SymPy expression in ``k``, ``alpha``, ``u0`` and the symbol ``Gamma`` (derived: it simplifies to
    ``2 k + 2 alpha Gamma / (1 - u0^2)``, so the coupling is ``nu = alpha + k (1 - u0^2) / Gamma``).

    Examples
    --------
    >>> s = symbols()
    >>> sp.simplify(shift_from_relaxation().subs(s["alpha"], 0))
    2*k
    """
    s = symbols()
    u, u0, h, j, G = s["u"], s["u0"], s["h"], s["j"], s["Gamma"]
    eq = split_equations()
    shift = (2 * sp.diff(eq["phidot"], u)).subs(u, u0)
    rate = -sp.diff(eq["udot"], u).subs(u, u0)
    inner = sp.factor(eq["udot"].subs(u, u0) / (1 - u0**2))
    h_cone = sp.solve(sp.numer(sp.together(inner)), h)[0]
    j_gamma = sp.solve(sp.Eq(G, rate.subs(h, h_cone)), j)[0]
    return sp.simplify(shift.subs(j, j_gamma))
