"""SymPy derivations for Sec. 1.3, the uniaxial phase diagram (Parcollet & Waintal 2006, Sec. V.1).

Premises (stated once, used by every function):

* the LLG equation with spin torque, Eq. (40),
  ``dm/dt = m x [ (1/(hbar S0)) dE/dm + alpha dm/dt + (I/(e S0)) g(m.z) z x m ]``;
* the energy, Eq. (41), ``E = -kappa S0 (m.z)^2 - g mu_B S0 H m.z`` (field along z);
* the torque modulation, Eq. (42), ``g(u) = a / (1 + q u)``;
* ``|m| = 1`` and ``gamma = g mu_B / hbar``;
* the reduced field and current, Eqs. (45)-(46).

Every function derives (linsolve, solve, diff, discriminant, simplify) from these
premises; the printed forms of the paper live only in the tests.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

__all__ = [
    "symbols",
    "spherical_equations",
    "vector_equation",
    "u_equation_from_vector",
    "u_equation_from_spherical",
    "reduced_u_equation",
    "stability_conditions",
    "interior_fixed_points",
    "special_points",
    "precession_frequency",
]


@cache
def symbols() -> dict:
    """The symbols of the section (positive where physics says so).

    Examples
    --------
    >>> symbols()["u"]
    u
    """
    pos = dict(positive=True)
    return {
        "t": sp.Symbol("t", real=True),
        "alpha": sp.Symbol("alpha", **pos),
        "kappa": sp.Symbol("kappa", **pos),
        "hbar": sp.Symbol("hbar", **pos),
        "S0": sp.Symbol("S_0", **pos),
        "e": sp.Symbol("e", **pos),
        "a": sp.Symbol("a", **pos),
        "gamma": sp.Symbol("gamma", **pos),
        "H": sp.Symbol("H", real=True),
        "I": sp.Symbol("I", real=True),
        "q": sp.Symbol(r"\bar{q}", nonnegative=True),
        "u": sp.Symbol("u", real=True),
        "Hb": sp.Symbol(r"\bar{H}", real=True),
        "Ib": sp.Symbol(r"\bar{I}", real=True),
        "theta": sp.Symbol("theta", real=True),
        "phi": sp.Symbol("phi", real=True),
        "theta_dot": sp.Symbol(r"\dot{\theta}", real=True),
        "phi_dot": sp.Symbol(r"\dot{\phi}", real=True),
    }


def _premises(m: sp.Matrix, mdot: sp.Matrix) -> sp.Matrix:
    """Residual ``dm/dt - m x [...]`` of Eq. (40) with Eqs. (41)-(42), for given m and dm/dt."""
    s = symbols()
    M = sp.Matrix(sp.symbols("M_x M_y M_z", real=True))
    z = sp.Matrix([0, 0, 1])
    # Eq. (41) as a function of a free vector M; g mu_B = hbar gamma
    energy = -s["kappa"] * s["S0"] * M.dot(z) ** 2 - s["hbar"] * s["gamma"] * s["S0"] * s["H"] * M.dot(z)
    grad = sp.Matrix([sp.diff(energy, c) for c in M]).subs(dict(zip(M, m, strict=True)))
    g = s["a"] / (1 + s["q"] * m.dot(z))  # Eq. (42)
    bracket = grad / (s["hbar"] * s["S0"]) + s["alpha"] * mdot + s["I"] / (s["e"] * s["S0"]) * g * z.cross(m)
    return mdot - m.cross(bracket)


@cache
def spherical_equations() -> tuple[sp.Expr, sp.Expr]:
    """Eq. (40) in spherical coordinates: the projections on ``e_theta`` and ``e_phi``.

    Returns
    -------
    theta_dot_rhs, phi_dot_sin_rhs : sympy.Expr
        ``dtheta/dt`` and ``sin(theta) dphi/dt`` solved from the ``e_theta`` and
        ``e_phi`` components respectively, each in terms of the other rate (the
        implicit Gilbert form of Eq. (43)).

    Examples
    --------
    Slow (SymPy, tens of seconds); the tests run it:

    >>> theta_dot, phi_dot_sin = spherical_equations()
    """
    s = symbols()
    th, ph, thd, phd = s["theta"], s["phi"], s["theta_dot"], s["phi_dot"]
    m = sp.Matrix([sp.sin(th) * sp.cos(ph), sp.sin(th) * sp.sin(ph), sp.cos(th)])
    e_th = sp.Matrix([sp.cos(th) * sp.cos(ph), sp.cos(th) * sp.sin(ph), -sp.sin(th)])
    e_ph = sp.Matrix([-sp.sin(ph), sp.cos(ph), 0])
    mdot = thd * e_th + sp.sin(th) * phd * e_ph  # chain rule on m(theta(t), phi(t))
    res = _premises(m, mdot)
    r_th = sp.simplify(res.dot(e_th))
    r_ph = sp.simplify(res.dot(e_ph))
    theta_rhs = sp.solve(r_th, thd)[0]
    w = sp.Symbol("w")  # w = sin(theta) * phi_dot
    phi_rhs = sp.solve(r_ph.subs(phd, w / sp.sin(th)), w)[0]
    return sp.simplify(theta_rhs), sp.simplify(phi_rhs)


@cache
def vector_equation() -> tuple[sp.Matrix, tuple]:
    """Eq. (40) solved for ``dm/dt``, in the reduced units (45)-(46) and time unit ``hbar/(2 kappa)``.

    The residual of Eq. (40) is linear in ``v = dm/dt``; ``solve`` gives ``v`` for a free vector
    ``m = (m_x, m_y, m_z)`` (valid on ``|m| = 1``). Then ``H = 2 kappa Hb / (hbar gamma)``,
    ``I = 2 alpha kappa e S0 Ib / (hbar a)`` and division by ``2 kappa / hbar``.

    Returns
    -------
    (v, (m_x, m_y, m_z, Hb, Ib, q, alpha)) : the 3-vector and its free symbols.

    Examples
    --------
    Slow (SymPy, ~10 s):

    >>> v, syms = vector_equation()
    >>> v.shape
    (3, 1)
    """
    s = symbols()
    m = sp.Matrix(sp.symbols("m_x m_y m_z", real=True))
    v = sp.Matrix(sp.symbols("v_x v_y v_z"))
    sol = sp.solve(list(_premises(m, v)), list(v), dict=True)[0]
    sub = {s["H"]: 2 * s["kappa"] * s["Hb"] / (s["hbar"] * s["gamma"]),
           s["I"]: 2 * s["alpha"] * s["kappa"] * s["e"] * s["S0"] * s["Ib"] / (s["hbar"] * s["a"])}
    red = sp.Matrix([sp.simplify(sol[c].subs(sub) / (2 * s["kappa"] / s["hbar"])) for c in v])
    return red, (*m, s["Hb"], s["Ib"], s["q"], s["alpha"])


@cache
def u_equation_from_vector() -> sp.Expr:
    """``du/dt`` with ``u = m.z``, solved from the vector equation (40) and ``|m| = 1``.

    Eq. (40) is linear in ``dm/dt = v``; the 3x3 system is solved for ``v`` with
    ``m = (m_x, m_y, u)`` arbitrary, ``du/dt = v_z`` is taken, and
    ``m_x^2 + m_y^2 = 1 - u^2`` is imposed. Returns the factored result in
    physical units (to compare with Eq. (44)).

    Examples
    --------
    Slow (SymPy):

    >>> S = symbols()
    >>> sp.factor(u_equation_from_vector() - u_equation_from_spherical())
    0
    """
    s = symbols()
    mx, my = sp.symbols("m_x m_y", real=True)
    u = s["u"]
    m = sp.Matrix([mx, my, u])
    v = sp.Matrix(sp.symbols("v_x v_y v_z"))
    res = _premises(m, v)
    sol = sp.solve(list(res), list(v), dict=True)[0]
    vz = sp.together(sol[v[2]])
    vz = sp.factor(sp.simplify(vz.subs(my**2, 1 - u**2 - mx**2)))
    return vz


@cache
def u_equation_from_spherical() -> sp.Expr:
    """``du/dt`` from Eq. (43): eliminate ``dphi/dt`` between its two lines.

    Uses ``du/dt = -sin(theta) dtheta/dt`` and ``sin^2 = 1 - u^2``.

    Examples
    --------
    Slow (SymPy):

    >>> u_equation_from_spherical().has(symbols()["u"])
    True
    """
    s = symbols()
    th, thd, phd, u = s["theta"], s["theta_dot"], s["phi_dot"], s["u"]
    theta_rhs, phi_rhs = spherical_equations()
    sol = sp.solve([sp.Eq(thd, theta_rhs), sp.Eq(sp.sin(th) * phd, phi_rhs)], [thd, phd], dict=True)[0]
    udot = sp.expand(sp.expand_trig(-sp.sin(th) * sol[thd]))
    udot = udot.subs(sp.sin(th) ** 2, 1 - sp.cos(th) ** 2).subs(sp.cos(th), u)
    return sp.factor(sp.simplify(udot))


@cache
def reduced_u_equation() -> tuple[sp.Expr, sp.Expr]:
    """Eq. (44) in the reduced units (45)-(46): ``du/dtau = R(u)`` and the rate.

    Substitutes ``H = 2 kappa Hb / (hbar gamma)`` (Eq. (45) with ``g mu_B = hbar gamma``)
    and ``I = 2 alpha kappa e S0 Ib / (hbar a)`` (Eq. (46)), then divides by the
    positive rate ``Gamma = 2 alpha kappa / (hbar (1 + alpha^2))``.

    Returns
    -------
    R, rate : sympy.Expr
        ``R(u)`` in terms of ``Hb, Ib, q``, and ``Gamma`` (``tau = Gamma t``).

    Examples
    --------
    Slow (SymPy, ~1 s):

    >>> R, rate = reduced_u_equation()
    >>> rate
    2*alpha*kappa/(hbar*(alpha**2 + 1))
    """
    s = symbols()
    k, hb, al = s["kappa"], s["hbar"], s["alpha"]
    udot = u_equation_from_vector()
    sub = {s["H"]: 2 * k * s["Hb"] / (hb * s["gamma"]),
           s["I"]: 2 * al * k * s["e"] * s["S0"] * s["Ib"] / (hb * s["a"])}
    rate = 2 * al * k / (hb * (1 + al**2))
    R = sp.factor(sp.simplify(udot.subs(sub) / rate))
    return R, rate


@cache
def stability_conditions() -> dict:
    """Linear stability of ``u = +1`` and ``u = -1`` and the boundary lines in the (Hb, Ib) plane.

    Returns
    -------
    dict
        ``slope_plus``, ``slope_minus``: ``R'(+1)``, ``R'(-1)`` (stable iff < 0);
        ``margin_plus = -R'(+1)/2``, ``margin_minus = -R'(-1)/2`` (stable iff > 0; the
        factor 1/2 is positive and does not change the sign);
        ``line_plus``, ``line_minus``: ``Ib(Hb)`` solved from ``R'(+-1) = 0``.

    Examples
    --------
    Slow (SymPy, ~1 s):

    >>> S = symbols()
    >>> line = stability_conditions()["line_minus"]
    >>> sp.simplify(line - (1 - S["q"]) * (1 - S["Hb"]))
    0
    """
    s = symbols()
    R, _ = reduced_u_equation()
    dR = sp.diff(R, s["u"])
    sp_plus = sp.simplify(dR.subs(s["u"], 1))
    sp_minus = sp.simplify(dR.subs(s["u"], -1))
    return {
        "slope_plus": sp_plus,
        "slope_minus": sp_minus,
        "margin_plus": sp.simplify(-sp_plus / 2),
        "margin_minus": sp.simplify(-sp_minus / 2),
        "line_plus": sp.solve(sp_plus, s["Ib"])[0],
        "line_minus": sp.solve(sp_minus, s["Ib"])[0],
    }


@cache
def interior_fixed_points() -> dict:
    """The interior fixed points: zeros of ``R(u) / (1 - u^2)``.

    Returns
    -------
    dict
        ``poly``: the quadratic ``numerator`` in ``u`` (times the positive ``1 + q u``);
        ``discriminant``: its discriminant (sign decides existence, cf. Eq. (49));
        ``roots``: the two roots; ``double_root``: their common value where the
        discriminant vanishes; ``parabola``: ``Ib(Hb)`` on which it vanishes;
        ``slope_at_root``: ``R'(u)`` at a root, in terms of ``f'(u)``.

    Examples
    --------
    Slow (SymPy, ~3 s):

    >>> S = symbols()
    >>> disc = interior_fixed_points()["discriminant"]
    >>> sp.expand(disc - ((S["q"] * S["Hb"] - 1) ** 2 - 4 * S["q"] * S["Ib"]))
    0
    """
    s = symbols()
    u, q = s["u"], s["q"]
    R, _ = reduced_u_equation()
    f = sp.cancel(R / (1 - u**2))
    num, den = sp.fraction(sp.together(f))
    # den is +-(1 + q u); make the numerator the one that multiplies 1 + q u > 0
    sign = sp.sign(sp.Poly(den, u).LC().subs(q, sp.Rational(1, 2)))
    poly = sp.Poly(sp.expand(sign * num), u)
    disc = sp.factor(sp.discriminant(poly.as_expr(), u))
    roots = sp.solve(poly.as_expr(), u)
    double = sp.simplify(sp.solve(sp.diff(poly.as_expr(), u), u)[0])
    parabola = sp.solve(disc, s["Ib"])[0]
    return {"poly": poly.as_expr(), "discriminant": disc, "roots": roots,
            "double_root": double, "parabola": parabola, "f": f}


@cache
def special_points() -> dict:
    """The points A, B, C of Fig. 5: solved, not typed.

    A (B): the discriminant vanishes and the double root sits at ``u = +1`` (``u = -1``).
    C: both endpoint slopes vanish (the two stability lines cross).
    Returns ``{"A": (Hb, Ib), "B": ..., "C": ...}``.

    Examples
    --------
    Slow (SymPy, ~2 s):

    >>> S = symbols()
    >>> special_points()["C"][0] == -1 / S["q"]
    True
    """
    s = symbols()
    Hb, Ib = s["Hb"], s["Ib"]
    fp = interior_fixed_points()
    st = stability_conditions()
    pts = {}
    for name, end in (("A", 1), ("B", -1)):
        sol = sp.solve([fp["discriminant"], fp["double_root"] - end], [Hb, Ib], dict=True)
        pts[name] = (sp.simplify(sol[0][Hb]), sp.factor(sol[0][Ib]))
    sol = sp.solve([st["slope_plus"], st["slope_minus"]], [Hb, Ib], dict=True)[0]
    pts["C"] = (sp.simplify(sol[Hb]), sp.factor(sol[Ib]))
    return pts


@cache
def precession_frequency() -> sp.Expr:
    """``dphi/dt`` at a fixed point of ``theta`` (``dtheta/dt = 0``), in units of ``2 kappa / hbar``.

    From the two lines of Eq. (43) with ``dtheta/dt = 0``; expressed through ``u`` and ``Hb``.

    Examples
    --------
    Slow (SymPy, ~2 s):

    >>> S = symbols()
    >>> precession_frequency() - (S["Hb"] + S["u"])
    0
    """
    s = symbols()
    th, phd = s["theta"], s["phi_dot"]
    _, phi_rhs = spherical_equations()
    w = sp.solve(sp.Eq(sp.sin(th) * phd, phi_rhs.subs(s["theta_dot"], 0)), phd)[0]
    w = w.subs(sp.cos(th), s["u"]).subs(s["H"], 2 * s["kappa"] * s["Hb"] / (s["hbar"] * s["gamma"]))
    return sp.simplify(w / (2 * s["kappa"] / s["hbar"]))
