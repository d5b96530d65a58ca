"""SymPy derivations of the LLG section: LLG forms, macrospin field, Slonczewski dynamics, Eq. (26).

Every function starts from stated premises (the Gilbert equation, an energy, the Slonczewski
term of Eq. (25) of Ralph & Stiles (2008)) and derives with ``linsolve``, ``diff``, ``solve``,
``simplify``; nothing returned is typed in. The printed forms live in the tests.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

__all__ = [
    "symbols",
    "solve_gilbert",
    "gilbert_to_landau_lifshitz",
    "macrospin_energy_and_field",
    "isotropic_polar_rate",
    "isotropic_cone",
    "llg_vector_field",
    "parallel_state_jacobian",
    "critical_current_threshold",
    "dimensionless",
]

alpha, gamma0 = sp.symbols("alpha gamma_0", positive=True)
theta, phi = sp.symbols("theta phi", real=True)
hx, hy, hz = sp.symbols("h_x h_y h_z", real=True)
H, Hk, Ms, V, I, e, hbar, mu0, q, A, B = sp.symbols("H H_k M_s V I e hbar mu_0 q A B", positive=True)
h, hk, N, j, a = sp.symbols("h h_k N j a", real=True)
my, mz = sp.symbols("m_y m_z", real=True)


def symbols() -> dict:
    """The module's SymPy symbols by name (for tests and the chapter).

    Examples
    --------
    >>> symbols()["alpha"]
    alpha
    """
    return {s.name: s for s in (alpha, gamma0, theta, phi, hx, hy, hz, H, Hk, Ms, V, I, e, hbar, mu0,
                                q, A, B, h, hk, N, j, a, my, mz)}


def _unit_m():
    return sp.Matrix([sp.sin(theta) * sp.cos(phi), sp.sin(theta) * sp.sin(phi), sp.cos(theta)])


def solve_gilbert(m: sp.Matrix, heff: sp.Matrix, torque: sp.Matrix, *, gyro=gamma0, damping=alpha):
    """Solve the implicit Gilbert equation for ``dm/dt``.

    Premise (Eq. (3) of Ralph & Stiles (2008), for ``m = M/M_s``, plus an extra term):
    ``dm/dt = -gyro m x h_eff + damping m x dm/dt + torque``. The three components are linear in
    the unknown ``v = dm/dt``; ``linsolve`` gives ``v``. ``|m| = 1`` is then imposed by the caller
    through the parametrisation of ``m``.

    Examples
    --------
    >>> S = symbols()
    >>> solve_gilbert(sp.Matrix([0, 0, 1]), sp.Matrix([S["h_x"], 0, 0]), sp.zeros(3, 1)).T
    Matrix([[alpha*gamma_0*h_x/(alpha**2 + 1), -gamma_0*h_x/(alpha**2 + 1), 0]])
    """
    v = sp.Matrix(sp.symbols("v_x v_y v_z"))
    eqs = v - (-gyro * m.cross(heff) + damping * m.cross(v) + torque)
    (sol,) = sp.linsolve(list(eqs), list(v))
    return sp.Matrix(sol)


@cache
def gilbert_to_landau_lifshitz():
    """Derive the Landau-Lifshitz form of the Gilbert equation and its coefficients.

    ``|m| = 1`` is imposed by ``m_z = sqrt(1 - m_x^2 - m_y^2)``; the results are rational in
    ``m_z^2``-free form, so they hold on both hemispheres.

    Returns
    -------
    (v, gamma_prime, lam, m, h) : ``v`` the explicit ``dm/dt`` for a generic field ``h``, and the
        coefficients of ``-gamma' m x h - lambda m x (m x h)`` obtained by projecting ``v`` on the
        orthogonal pair ``m x h``, ``m x (m x h)``; ``m`` and ``h`` as used.

    Examples
    --------
    Slow (~10 s of SymPy); the tests run it:

    >>> v, gamma_prime, lam, m, h = gilbert_to_landau_lifshitz()
    >>> gamma_prime, lam
    (gamma_0/(alpha**2 + 1), alpha*gamma_0/(alpha**2 + 1))
    """
    mx_, my_, mz_ = sp.symbols("m_x m_y m_z", real=True)
    hv = sp.Matrix([hx, hy, hz])
    on_sphere = {mz_: sp.sqrt(1 - mx_**2 - my_**2)}
    v = solve_gilbert(sp.Matrix([mx_, my_, mz_]), hv, sp.zeros(3, 1)).subs(on_sphere).applyfunc(sp.simplify)
    m = sp.Matrix([mx_, my_, mz_]).subs(on_sphere)
    mxh = m.cross(hv)
    mxmxh = m.cross(mxh)
    gamma_prime = sp.simplify(-v.dot(mxh) / mxh.dot(mxh))
    lam = sp.simplify(-v.dot(mxmxh) / mxmxh.dot(mxmxh))
    return v, gamma_prime, lam, m, hv


@cache
def macrospin_energy_and_field():
    """Macrospin energy (units of ``mu0 M_s^2 V``) and ``h_eff = -dE/dm`` (units of ``M_s``).

    Premise: Zeeman energy ``-h . m``, uniaxial anisotropy ``-(h_k/2)(n_k . m)^2`` (Eq. (1) of
    Ralph & Stiles (2008) for uniform ``M``, with ``h_k = 2 K_u / (mu0 M_s^2)``) and thin-film
    shape anisotropy ``+(N/2)(n . m)^2``, written for general axes ``n_k``, ``n``.

    Returns
    -------
    (E, heff, mvec, hvec, nk, nn) : SymPy energy, field (3-vector) and the symbol vectors used.

    Examples
    --------
    >>> E, heff, *_ = macrospin_energy_and_field()
    >>> heff[0]
    -N*n_x*(m_x*n_x + m_y*n_y + m_z*n_z) + h_k*k_x*(k_x*m_x + k_y*m_y + k_z*m_z) + h_x
    """
    mvec = sp.Matrix(sp.symbols("m_x m_y m_z", real=True))
    hvec = sp.Matrix([hx, hy, hz])
    nk = sp.Matrix(sp.symbols("k_x k_y k_z", real=True))
    nn = sp.Matrix(sp.symbols("n_x n_y n_z", real=True))
    E = -hvec.dot(mvec) - hk / 2 * nk.dot(mvec) ** 2 + N / 2 * nn.dot(mvec) ** 2
    heff = sp.Matrix([-sp.diff(E, s) for s in mvec])
    return E, heff, mvec, hvec, nk, nn


def _eta(c):
    return q / (A + B * c)


@cache
def isotropic_polar_rate():
    """``d(cos theta)/dtau`` of the isotropic model (field ``h`` and ``p`` along z, no anisotropy).

    Premise: Gilbert equation with the Slonczewski term ``j eta(theta) m x (m x p)`` (Eq. (25)),
    dimensionless units (``gamma0 = 1``, fields in ``M_s``). Derived by solving the Gilbert
    equation for ``dm/dtau`` and projecting on ``z``.

    Examples
    --------
    Slow (SymPy, tens of seconds); the tests run it:

    >>> isotropic_polar_rate()
    -(-A*alpha*h - B*alpha*h*cos(theta) + j*q)*sin(theta)**2/((A + B*cos(theta))*(alpha**2 + 1))
    """
    m = _unit_m()
    zhat = sp.Matrix([0, 0, 1])
    torque = j * _eta(sp.cos(theta)) * m.cross(m.cross(zhat))
    v = solve_gilbert(m, h * zhat, torque, gyro=1)
    return sp.factor(sp.simplify(sp.trigsimp(v.dot(zhat))))


@cache
def isotropic_cone():
    """Precession cone of the isotropic model and the slope deciding its stability.

    Returns
    -------
    (cos_star, slope) : ``cos theta*`` solving ``d(cos theta)/dtau = 0`` away from the poles, and
        ``d/dc [d(cos theta)/dtau]`` at the cone (the cone is stable when the slope is negative).

    Examples
    --------
    Slow (SymPy):

    >>> isotropic_cone()[0]
    -A/B + j*q/(B*alpha*h)
    """
    c = sp.Symbol("c", real=True)
    rate = isotropic_polar_rate().subs(sp.cos(theta), c)
    rate = sp.simplify(rate.subs(sp.sin(theta) ** 2, 1 - c**2))
    sols = [s for s in sp.solve(sp.numer(sp.together(rate)), c) if s.has(j)]
    (cos_star,) = sols
    slope = sp.simplify(sp.diff(rate, c).subs(c, cos_star))
    return sp.simplify(cos_star), slope


@cache
def llg_vector_field():
    """``dm/dtau`` of the Gilbert equation with the Slonczewski term, for a general macrospin.

    Premises: the Gilbert equation (Eq. (3) of Ralph & Stiles (2008), ``gamma0 = 1``, fields in
    units of ``M_s``) with ``h_eff = -dE/dm`` of :func:`macrospin_energy_and_field` (general field,
    easy axis ``n_k``, normal ``n``, ``h_k``, ``N``) and the term ``j eta(m . p) m x (m x p)`` of
    Eq. (25), ``eta = q / (A + B cos theta)``. Solved for ``dm/dtau`` by :func:`solve_gilbert`
    with ``m`` a free vector; valid for ``|m| = 1`` (where the equation lives).

    Returns
    -------
    (v, symbols) : the derived 3-vector and the tuple of its free symbols in the order
        ``(m_x, m_y, m_z, h_x, h_y, h_z, k_x, k_y, k_z, n_x, n_y, n_z, h_k, N, p_x, p_y, p_z,
        alpha, j, q, A, B)`` (for ``lambdify``).

    Examples
    --------
    Slow (SymPy, ~15 s):

    >>> v, *_ = llg_vector_field()
    >>> v.shape
    (3, 1)
    """
    _, heff, mvec, hvec, nk, nn = macrospin_energy_and_field()
    pvec = sp.Matrix(sp.symbols("p_x p_y p_z", real=True))
    torque = j * _eta(mvec.dot(pvec)) * mvec.cross(mvec.cross(pvec))
    v = solve_gilbert(mvec, heff, torque, gyro=1)
    syms = (*mvec, *hvec, *nk, *nn, hk, N, *pvec, alpha, j, q, A, B)
    return v, syms


@cache
def parallel_state_jacobian(insertion: str = "gilbert"):
    """Linearised dynamics about the parallel state ``m = x`` of the thin film (SI units).

    Premises: ``H_eff = (H + H_k m_x) x - N M_s m_z z`` (field and easy axis along x, film normal
    z, a general demagnetizing coefficient ``N``; ``N = 1`` for a thin film), the Slonczewski term
    of Eq. (25) divided by ``M_s``, ``eta(theta) gamma0 hbar I / (2 e mu0 V M_s) m x (m x x)``:
    each absorbed electron brings ``hbar/2`` of angular momentum, i.e. ``gamma hbar/2`` of moment
    (Eq. (25) writes ``gamma hbar / 2 = mu_B``, true for ``|g| = 2``; nothing below depends on
    ``g``). ``insertion='gilbert'`` adds the term to the Gilbert form of Eq. (3);
    ``'landau-lifshitz'`` adds it to the Landau-Lifshitz form with the coefficients derived in
    :func:`gilbert_to_landau_lifshitz`.

    Returns
    -------
    (jac, trace, det, eigenvalues) : the 2x2 Jacobian of ``(dm_y/dt, dm_z/dt)`` at
        ``m_y = m_z = 0`` and its trace, determinant and eigenvalues.

    Examples
    --------
    Slow (SymPy, ~45 s):

    >>> J, tr, det, _ = parallel_state_jacobian()
    >>> J.shape
    (2, 2)
    """
    eps = sp.Symbol("epsilon", positive=True)
    mx = sp.sqrt(1 - eps**2 * (my**2 + mz**2))
    m = sp.Matrix([mx, eps * my, eps * mz])
    xhat = sp.Matrix([1, 0, 0])
    heff = sp.Matrix([H + Hk * mx, 0, -N * Ms * eps * mz])
    moment_per_electron = hbar * gamma0 / (2 * mu0)  # gamma hbar / 2, over mu0 (SI: A m^2)
    torque = _eta(mx) * moment_per_electron * I / (e * V * Ms) * m.cross(m.cross(xhat))
    vs = sp.Matrix(sp.symbols("v_x v_y v_z"))
    v = eps * vs  # dm/dt is first order in the tilt epsilon
    if insertion == "gilbert":
        rhs = -gamma0 * m.cross(heff) + alpha * m.cross(v) + torque
    elif insertion == "landau-lifshitz":
        _, gp, lam, _, _ = gilbert_to_landau_lifshitz()
        rhs = -gp * m.cross(heff) - lam * m.cross(m.cross(heff)) + torque
    else:
        raise ValueError(f"insertion must be one of ['gilbert', 'landau-lifshitz']; got {insertion!r}")
    eqs = v - rhs
    order0 = [sp.simplify(eq.subs(eps, 0)) for eq in eqs]
    if any(o != 0 for o in order0):  # m = x must be an equilibrium
        raise ArithmeticError(f"m = x is not an equilibrium: {order0}")
    order1 = [sp.diff(eq, eps).subs(eps, 0) for eq in eqs]
    (sol,) = sp.linsolve(order1, list(vs))
    f = sp.Matrix([sol[1], sol[2]])
    jac = f.jacobian([my, mz]).applyfunc(sp.simplify)
    tr = sp.simplify(jac.trace())
    det = sp.factor(sp.simplify(jac.det()))
    eig = [sp.simplify(ev) for ev in jac.eigenvals()]
    return jac, tr, det, eig


@cache
def critical_current_threshold(insertion: str = "gilbert"):
    """Critical current where the real part of the eigenvalues of the Jacobian crosses zero.

    The eigenvalues are complex near threshold (``det > trace^2 / 4``), so their common real part
    is ``trace / 2``; ``solve(trace = 0, I)`` gives the threshold, to all orders in ``alpha``.

    Returns
    -------
    (I_c, I_c_leading) : the exact threshold and its leading order in ``alpha`` (series), for a
        general demagnetizing coefficient ``N`` (Eq. (26) is ``N = 1``).

    Examples
    --------
    Slow (SymPy, ~40 s):

    >>> ic, leading = critical_current_threshold()
    >>> sp.simplify(ic - leading)
    0
    """
    _, tr, _, _ = parallel_state_jacobian(insertion)
    (ic,) = sp.solve(sp.Eq(tr, 0), I)
    ic = sp.simplify(ic)
    leading = sp.simplify(sp.series(ic, alpha, 0, 2).removeO())
    return ic, leading


def dimensionless(expr):
    """Rewrite an SI expression of this module in the chapter's units.

    ``H = h M_s``, ``H_k = h_k M_s``, ``I = j (2 e mu0 M_s^2 V / hbar)`` and time in units of
    ``1/(gamma0 M_s)`` (a rate ``r`` becomes ``r / (gamma0 M_s)``).

    Examples
    --------
    >>> S = symbols()
    >>> dimensionless(S["H"] * S["gamma_0"])
    h
    """
    sub = {H: h * Ms, Hk: hk * Ms, I: j * 2 * e * mu0 * Ms**2 * V / hbar}
    return sp.simplify(expr.subs(sub) / (gamma0 * Ms))
