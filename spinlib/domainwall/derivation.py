"""SymPy derivation of the rigid-wall equations from the LLG with current torques.

Premises (reduced units of :mod:`spinlib.domainwall.collective`, ``gamma0 = M_s = 1``, the width
``Delta`` kept as a symbol):

1. the Gilbert equation with the adiabatic and non-adiabatic torques of Sec. 5 of Ralph & Stiles
   (2008), written as the residual
   ``R = -dm/dt - m x h_eff + alpha m x dm/dt - u dm/dx + beta u m x dm/dx`` (``R = 0``);
2. the effective field ``h_eff = c d^2m/dx^2 + hk m_x e_x - h_perp m_z e_z + h e_x`` (exchange
   coefficient ``c = 2 A / (mu0 M_s^2)``);
3. the Walker ansatz ``theta = 2 arctan exp((x - q(t)) / Delta)``, uniform ``phi(t)``.

The ansatz cannot make ``R`` vanish everywhere, so ``R`` is projected on the two directions the
ansatz can move, ``dm/dq`` and ``dm/dphi``: ``int dx (dm/dxi) . (m x R) = 0`` (the Euler-Lagrange
equations of the Gilbert Lagrangian restricted to the ansatz; Thiaville et al. 2005). The
integrals run over ``theta`` (``dx = Delta dtheta / sin theta``).
"""

from __future__ import annotations

import functools

import sympy as sp

__all__ = ["symbols", "collective_equations", "collective_rates", "walker_field", "steady_velocity",
           "pinning_threshold", "average_precession", "average_velocity", "steady_slip"]

_t = sp.Symbol("t", real=True)
_th = sp.Symbol("theta", positive=True)


def symbols() -> dict:
    """The symbols of the derivation (positive where physical)."""
    names = {
        "alpha": sp.Symbol("alpha", positive=True),
        "beta": sp.Symbol("beta", nonnegative=True),
        "Delta": sp.Symbol("Delta", positive=True),
        "h": sp.Symbol("h", real=True),
        "u": sp.Symbol("u", real=True),
        "hk": sp.Symbol("h_K", positive=True),
        "hk_perp": sp.Symbol(r"h_{\perp}", positive=True),
        "c": sp.Symbol("c", positive=True),
        "phi": sp.Symbol("phi", real=True),
        "qdot": sp.Symbol("qdot", real=True),
        "phidot": sp.Symbol("phidot", real=True),
    }
    return names


def _cross(a, b):
    return sp.Matrix(a).cross(sp.Matrix(b))


@functools.lru_cache(maxsize=1)
def collective_equations() -> tuple:
    """The two projected equations ``(E_q, E_phi)``, each an expression equal to zero.

    Returns
    -------
    tuple of sympy.Expr
        ``E_q = int (dm/dq) . (m x R) dx`` and ``E_phi = int (dm/dphi) . (m x R) dx``, linear in
        ``qdot`` and ``phidot``, simplified.
    """
    S = symbols()
    a, b, D, h, u = S["alpha"], S["beta"], S["Delta"], S["h"], S["u"]
    hk, hp, c, phi, qd, pd = S["hk"], S["hk_perp"], S["c"], S["phi"], S["qdot"], S["phidot"]
    th = _th
    m = sp.Matrix([sp.cos(th), sp.sin(th) * sp.cos(phi), sp.sin(th) * sp.sin(phi)])
    dth_dx = sp.sin(th) / D  # of the Walker profile: d theta / dx = sin theta / Delta
    m_x = m.diff(th) * dth_dx
    m_xx = m_x.diff(th) * dth_dx
    m_q = -m_x  # the profile depends on x - q
    m_phi = m.diff(phi)
    mdot = m_q * qd + m_phi * pd
    heff = c * m_xx + sp.Matrix([hk * m[0] + h, 0, -hp * m[2]])
    R = -mdot - _cross(m, heff) + a * _cross(m, mdot) - u * m_x + b * u * _cross(m, m_x)
    mxR = _cross(m, R)
    out = []
    for d in (m_q, m_phi):
        integrand = sp.simplify(sp.expand_trig((d.T * mxR)[0]) * D / sp.sin(th))
        out.append(sp.simplify(sp.integrate(sp.expand(integrand), (th, 0, sp.pi))))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def collective_rates() -> dict:
    """``{"qdot": ..., "phidot": ...}``: the projected equations solved for the two rates."""
    S = symbols()
    Eq, Ep = collective_equations()
    sol = sp.solve([Eq, Ep], [S["qdot"], S["phidot"]], dict=True)[0]
    return {"qdot": sp.simplify(sol[S["qdot"]]), "phidot": sp.simplify(sol[S["phidot"]])}


def _tilt_rate():
    """``phidot`` with ``sin 2 phi`` replaced by the symbol ``s``, and ``s``."""
    S = symbols()
    s = sp.Symbol("s", real=True)
    pd = sp.expand(sp.expand_trig(collective_rates()["phidot"]))
    pd = pd.subs(sp.sin(S["phi"]) * sp.cos(S["phi"]), s / 2)
    if pd.has(S["phi"]):
        raise RuntimeError("phidot depends on phi other than through sin 2 phi")
    return pd, s


def _wall_speed(s):
    """``qdot`` with ``sin 2 phi`` replaced by the symbol ``s``."""
    phi = symbols()["phi"]
    return sp.expand(sp.expand_trig(collective_rates()["qdot"])).subs(sp.sin(phi) * sp.cos(phi), s / 2)


def walker_field():
    """Breakdown field at ``u = 0``: the largest ``h`` with a fixed point (``|sin 2 phi| <= 1``)."""
    S = symbols()
    pd, s = _tilt_rate()
    s_star = sp.solve(sp.Eq(pd, 0), s)[0]  # sin 2 phi of the fixed point, linear in h and u
    return sp.simplify(sp.solve(sp.Eq(s_star.subs(S["u"], 0), 1), S["h"])[0])


def steady_velocity():
    """``qdot`` at the fixed point of ``phidot`` (below breakdown)."""
    pd, s = _tilt_rate()
    s_star = sp.solve(sp.Eq(pd, 0), s)[0]
    qd = _wall_speed(s)
    return sp.simplify(qd.subs(s, s_star))


def pinning_threshold():
    """Largest ``|u|`` with a static wall (``qdot = phidot = 0``) at ``beta = 0``, ``h = 0``.

    With ``beta = h = 0`` the fixed point of ``phidot`` needs ``sin 2 phi = s(u)``; at that point
    ``qdot`` must vanish too; ``|sin 2 phi| <= 1`` then bounds ``u``.
    """
    S = symbols()
    pd, s = _tilt_rate()
    zero = {S["beta"]: 0, S["h"]: 0}
    qd = _wall_speed(s)
    s_of_u = sp.solve(sp.Eq(pd.subs(zero), 0), s)[0]
    if sp.simplify(qd.subs(zero).subs(s, s_of_u)) != 0:
        raise RuntimeError("a fixed tilt at beta = h = 0 does not stop the wall")
    u_edge = sp.solve(sp.Eq(s_of_u, -1), S["u"]) + sp.solve(sp.Eq(s_of_u, 1), S["u"])
    return sp.simplify(sp.Max(*[sp.Abs(v) for v in u_edge]))


def average_precession():
    """Time average of ``phidot = A - B sin 2 phi`` above breakdown (``A > B > 0``).

    The period of ``phi`` (over ``pi``) is ``int_0^pi dphi / phidot``; with ``t = tan phi``
    (``sin 2 phi = 2 t / (1 + t^2)``) it is ``int dt / (A (1 + t^2) - 2 B t)`` over the real line,
    done by residues with ``B = A sin chi``, ``0 < chi < pi / 2`` (the pole in the upper half plane
    is the root with positive imaginary part). Returns ``(<phidot>, (A, B) of the wall, (A, B)
    symbols)``: ``<phidot> = pi / period``.
    """
    pd, s = _tilt_rate()
    A = sp.simplify(pd.subs(s, 0))
    B = sp.simplify(-pd.coeff(s))
    Ap, Bp = sp.symbols("A B", positive=True)
    chi = sp.Symbol("chi", positive=True)
    tt = sp.Symbol("t_", complex=True)
    f = 1 / (Ap * (1 + tt**2) - 2 * Ap * sp.sin(chi) * tt)
    roots = sp.solve(sp.denom(f), tt)
    upper = [r for r in roots if sp.im(r).subs(chi, sp.Rational(1, 3)) > 0]
    period = sp.simplify(2 * sp.pi * sp.I * sp.residue(f, tt, upper[0]))
    mean = sp.simplify(sp.pi / period)
    mean = mean.subs(sp.Abs(sp.cos(chi)), sp.sqrt(1 - sp.sin(chi) ** 2)).subs(sp.sin(chi), Bp / Ap)
    return sp.simplify(mean), (A, B), (Ap, Bp)


def average_velocity():
    """Time-averaged ``qdot`` above breakdown (``h + (beta - alpha) u / Delta > alpha h_perp / 2``).

    ``qdot`` and ``phidot`` are both affine in ``sin 2 phi``: eliminating it writes ``qdot`` as an
    affine function of ``phidot``, whose average is that of :func:`average_precession`.
    """
    mean, (A, B), (Ap, Bp) = average_precession()
    pd, s = _tilt_rate()
    qd = _wall_speed(s)
    w = sp.Symbol("w", real=True)
    s_of_w = sp.solve(sp.Eq(pd, w), s)[0]
    q_of_w = sp.simplify(qd.subs(s, s_of_w))
    return sp.simplify(q_of_w.subs(w, mean.subs({Ap: A, Bp: B})))


def steady_slip():
    """Slip ``qdot - u`` of a wall with a steady tilt (``phidot = 0``), and its largest value.

    From the projection on ``dm/dphi`` alone (no field and no ``beta`` enter it): with ``phidot = 0``
    it is solved for ``w = qdot - u``, the wall's speed relative to the spin drift ``u``; ``w`` is then
    maximised over the tilt ``phi``. A field at ``u = 0`` reaches the bound as the Walker velocity;
    a current on a wall held at ``qdot = 0`` reaches it as the pinning threshold ``u_c``.

    Returns
    -------
    tuple ``(w(phi), max_phi w)`` of SymPy expressions (derived: ``Delta h_perp sin(2 phi) / 2`` and
    ``Delta h_perp / 2``).
    """
    S = symbols()
    _, e_phi = collective_equations()
    w = sp.Symbol("w", real=True)
    slip = sp.solve(e_phi.subs(S["phidot"], 0).subs(S["qdot"], S["u"] + w), w)[0]
    bound = sp.maximum(slip, S["phi"], sp.Interval(0, sp.pi))
    return sp.simplify(slip), sp.simplify(bound)
