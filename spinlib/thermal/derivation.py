r"""SymPy derivations of the finite-temperature chapter: the polar equation of the axial macrospin,
its effective potential, the barrier under current (the Neel-Brown exponent), the precessional
switching time and its thermal switching probability.

Premises: the Gilbert equation with Slonczewski's torque, Eqs. (3) and (25) of Ralph & Stiles
(2008), in the reduced units of :mod:`spinlib.macrospin.llg`; Brown's (1963) Fokker-Planck
equation with diffusion constant ``D = alpha epsilon / (1 + alpha^2)``; Boltzmann's density of the
well before the pulse. Tests: ``tests/thermal/test_thermal_derivation.py`` (against Eq. (26) of
Ralph & Stiles, Sun (2000) and by-hand limits, and against the numerics by ``lambdify``).
"""

from __future__ import annotations

from functools import cache

import sympy as sp

__all__ = [
    "SYMBOLS",
    "polar_equation",
    "effective_potential",
    "barrier_constant_eta",
    "precessional_time",
    "precessional_probability",
    "effective_initial_variance",
    "ito_stationary_density",
]

z, theta, phi = sp.symbols("z theta phi", real=True)
alpha, hk, h, j, q, A, eps, D = sp.symbols("alpha h_k h j q A epsilon D", positive=True)
B = sp.Symbol("B", real=True)
t, gamma, theta0, Delta0 = sp.symbols("t gamma theta_0 Delta_0", positive=True)
SYMBOLS = {
    "z": z,
    "theta": theta,
    "phi": phi,
    "alpha": alpha,
    "hk": hk,
    "h": h,
    "j": j,
    "q": q,
    "A": A,
    "B": B,
    "epsilon": eps,
    "D": D,
    "t": t,
    "gamma": gamma,
    "theta0": theta0,
    "Delta0": Delta0,
}


@cache
def polar_equation():
    """``dz/dtau`` of ``z = cos theta`` derived from the vector Gilbert equation with the torque.

    Premises: ``dm/dtau = -m x h_eff + alpha m x dm/dtau + j eta m x (m x p)`` (Eqs. (3), (25) of
    Ralph & Stiles (2008)), solved for ``dm/dtau`` as ``(1 + alpha^2) dm/dtau = -m x h -
    alpha m x (m x h) + T + alpha m x T`` (cross ``m`` with the equation and eliminate); here
    ``h_eff = (h_k cos theta + h) z_hat``, ``p = z_hat``, ``eta = q / (A + B cos theta)``.

    Returns
    -------
    sympy.Expr in ``z``: ``(1 - z^2) [alpha (h_k z + h) - j eta(z)] / (1 + alpha^2)``.
    """
    m = sp.Matrix([sp.sin(theta) * sp.cos(phi), sp.sin(theta) * sp.sin(phi), sp.cos(theta)])
    ez = sp.Matrix([0, 0, 1])
    heff = (hk * sp.cos(theta) + h) * ez
    eta = q / (A + B * sp.cos(theta))
    T = j * eta * m.cross(m.cross(ez))
    # The Gilbert form solved for dm/dtau: verify it satisfies the implicit equation, then use it.
    rhs = (-m.cross(heff) - alpha * m.cross(m.cross(heff)) + T + alpha * m.cross(T)) / (1 + alpha**2)
    resid = rhs - (-m.cross(heff) + alpha * m.cross(rhs) + T)
    assert all(sp.simplify(sp.expand_trig(r)) == 0 for r in resid), "the explicit form must solve Gilbert's"
    dz = sp.simplify(rhs[2])
    return sp.factor(sp.simplify(dz.subs(sp.sin(theta) ** 2, 1 - sp.cos(theta) ** 2).subs(sp.cos(theta), z)))


@cache
def effective_potential():
    """Stationary density of the Fokker-Planck equation of ``z`` and its potential.

    Premises: the z-flux ``J = A(z) P - D (1 - z^2) dP/dz`` with ``A`` = :func:`polar_equation`
    and Brown's ``D = alpha epsilon / (1 + alpha^2)``; zero flux (the pole is reflecting).

    Returns
    -------
    (E_eff, ln_P): ``-epsilon ln P`` up to a constant, fixed by ``E_eff(1) = -h_k/2 - h``
    (the energy of the P pole), and ``ln P`` itself.
    """
    drift = polar_equation()
    Dz = alpha * eps / (1 + alpha**2)
    dlnP = sp.simplify(drift / (Dz * (1 - z**2)))
    zz = sp.Symbol("zeta", real=True)
    ln_P = sp.integrate(dlnP.subs(z, zz), (zz, 1, z))
    ln_P = sp.simplify(ln_P)
    E_eff = sp.simplify(-eps * ln_P + (-hk / 2 - h))
    return E_eff, ln_P


@cache
def barrier_constant_eta():
    """Barrier out of the P well for constant ``eta`` (``B = 0``) and the current where it closes.

    Returns
    -------
    (barrier, j_c): ``E_eff(z_top) - E_eff(1)`` with ``z_top`` solving ``dE_eff/dz = 0``, and the
    current at which ``z_top = 1`` (the barrier vanishes).
    """
    E_eff, _ = effective_potential()
    E0 = sp.simplify(sp.limit(E_eff, B, 0))
    ztop = sp.solve(sp.diff(E0, z), z)[0]
    barrier = sp.factor(sp.simplify(E0.subs(z, ztop) - E0.subs(z, 1)))
    jc = sp.solve(sp.Eq(ztop, 1), j)[0]
    return barrier, sp.simplify(jc)


@cache
def precessional_time():
    """Sun's switching time from the linearised polar equation above threshold.

    Premises: :func:`polar_equation` linearised at the P pole (``theta`` small, ``z = 1 -
    theta^2/2``), which gives ``dtheta/dtau = gamma theta``; the switching time is the time for
    ``theta`` to grow from ``theta_0`` to ``pi / 2`` at that rate.

    Returns
    -------
    (gamma, t_sw): the growth rate and ``t_sw(theta_0)``.
    """
    drift = polar_equation()
    th = sp.Symbol("vartheta", positive=True)
    # dz/dtau = -sin(theta) dtheta/dtau  ->  dtheta/dtau = -drift(cos theta) / sin theta
    dth = -drift.subs(z, sp.cos(th)) / sp.sin(th)
    rate = sp.simplify(sp.series(dth, th, 0, 2).removeO().coeff(th, 1))
    sol = sp.dsolve(
        sp.Eq(sp.Function("Th")(t).diff(t), gamma * sp.Function("Th")(t)),
        sp.Function("Th")(t),
        ics={sp.Function("Th")(0): theta0},
    )
    t_sw = sp.solve(sp.Eq(sol.rhs, sp.pi / 2), t)[0]
    return rate, sp.simplify(t_sw)


@cache
def precessional_probability():
    """Switching probability with a thermal initial tilt: ``P(theta_0 > theta_c(t))``.

    Premises: the small-angle Boltzmann density of the P well, ``theta e^{-Delta_0 theta^2}``
    (normalised on ``theta > 0``), and :func:`precessional_time` inverted for ``theta_c(t)``.

    Returns
    -------
    sympy.Expr ``P_sw(t)`` in ``Delta0``, ``gamma``, ``t``.
    """
    x = sp.Symbol("x", positive=True)
    dens = x * sp.exp(-Delta0 * x**2)
    norm = sp.integrate(dens, (x, 0, sp.oo))
    _, t_sw = precessional_time()
    theta_c = sp.solve(sp.Eq(t_sw, t), theta0)[0]
    return sp.simplify(sp.integrate(dens, (x, theta_c, sp.oo)) / norm)


@cache
def effective_initial_variance():
    """Variance of the tilt extrapolated to ``t = 0`` in the linear (Ornstein-Uhlenbeck) stage.

    Premises: one transverse component obeys ``d x = gamma x dt + sqrt(2 D) dW`` with ``x(0)``
    Boltzmann-distributed, variance ``epsilon / (h_k + h)``. Then ``x(t) e^{-gamma t} = x(0) +
    int_0^t e^{-gamma s} sqrt(2 D) dW``, whose variance (Ito isometry) tends to ``x(0)``'s plus
    ``D / gamma``.

    Returns
    -------
    (variance, delta_eff): the long-time variance and ``Delta_eff = 1 / (2 variance)`` for constant
    ``eta`` with ``gamma`` of :func:`precessional_time` (``B = 0``).
    """
    s = sp.Symbol("s", positive=True)
    Dz = alpha * eps / (1 + alpha**2)
    rate, _ = precessional_time()
    g = sp.simplify(rate.subs(B, 0))
    added = sp.integrate(2 * Dz * sp.exp(-2 * gamma * s), (s, 0, sp.oo))
    var = eps / (hk + h) + added.subs(gamma, g)
    return sp.simplify(var), sp.simplify(1 / (2 * var))


@cache
def ito_stationary_density():
    """Zero-flux densities of the polar equation read in the Ito sense, with and without correction.

    Premises: Ito's Fokker-Planck equation ``dP/dt = -d/dz [a P] + d^2/dz^2 [D (1 - z^2) P]``;
    ``a = A(z) - 2 D z`` (the z-component of the noise-induced drift ``-2 D m`` of the Stratonovich
    stochastic LLG) or ``a = A(z)`` (uncorrected), ``A`` = :func:`polar_equation`.

    Returns
    -------
    (ln_P_corrected, ln_P_uncorrected) for constant ``eta`` (``B = 0``), each 0 at ``z = 0``.
    """
    Dz = alpha * eps / (1 + alpha**2)
    A_ = polar_equation().subs(B, 0)  # constant eta: the Ito question does not depend on eta(z)
    zz = sp.Symbol("zeta", real=True)
    out = []
    for a in (A_ - 2 * Dz * z, A_):
        # zero flux: a P = d/dz [D (1 - z^2) P]  ->  d ln[D (1 - z^2) P]/dz = a / (D (1 - z^2))
        integrand = sp.simplify((a / (Dz * (1 - z**2))).subs(z, zz))
        lnG = sp.integrate(integrand, (zz, 0, z))
        # principal branch on -1 < z < 1: log(z^2 - 1) = log(1 - z^2) + i pi
        lnG = lnG.subs(sp.log(z**2 - 1), sp.log(1 - z**2) + sp.I * sp.pi)
        out.append(sp.simplify(lnG - sp.log(1 - z**2)))
    return tuple(out)
