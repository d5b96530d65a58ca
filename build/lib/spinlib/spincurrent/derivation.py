"""SymPy derivations for Sec. 1.1: spin currents and the toy models of Ralph & Stiles (2008).

Every function starts from a premise (the spin-current tensor of Eq. (4), a
wavefunction ansatz, matching conditions at an interface, an integral over
energies) and derives; none types in the result. Units: spin currents in
units of :math:`\\hbar^2/(2m\\Omega)` times a wavevector, i.e. the prefactor
:math:`\\hbar^2/2m` of Eq. (4) is kept as the symbol ``pref`` where it matters.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

__all__ = [
    "SYMBOLS",
    "PAULI",
    "spin_current_density",
    "plane_wave_spin_current",
    "filter_spin_currents",
    "filter_torque",
    "step_matching",
    "step_spin_currents",
    "precession_period",
    "evanescent_step",
    "minority_evanescent_decay",
    "fermi_sum_endpoint_asymptote",
    "perpendicular_torque_series",
    "total_left_current_cross_terms",
    "tidy",
    "sum_rows",
]

hbar, m, Omega = sp.symbols("hbar m Omega", positive=True)
x = sp.Symbol("x", real=True)
k, k_dn, kappa_up, kappa_dn = sp.symbols(
    r"k k_{\downarrow} \kappa_{\uparrow} \kappa_{\downarrow}", positive=True
)
theta = sp.Symbol("theta", real=True)
a_re, a_im, b_re, b_im = sp.symbols("a_r a_i b_r b_i", real=True)
t_up_re, t_up_im, t_dn_re, t_dn_im = sp.symbols("t_ur t_ui t_dr t_di", real=True)
r_up_re, r_up_im, r_dn_re, r_dn_im = sp.symbols("r_ur r_ui r_dr r_di", real=True)

#: The symbols used by the derivations (tests type printed forms in them).
SYMBOLS = {
    "hbar": hbar,
    "m": m,
    "Omega": Omega,
    "x": x,
    "k": k,
    "k_dn": k_dn,
    "theta": theta,
    "kappa_up": kappa_up,
    "kappa_dn": kappa_dn,
    "a": a_re + sp.I * a_im,
    "b": b_re + sp.I * b_im,
    "t_up": t_up_re + sp.I * t_up_im,
    "t_dn": t_dn_re + sp.I * t_dn_im,
    "r_up": r_up_re + sp.I * r_up_im,
    "r_dn": r_dn_re + sp.I * r_dn_im,
}

PAULI = (sp.Matrix([[0, 1], [1, 0]]), sp.Matrix([[0, -sp.I], [sp.I, 0]]), sp.Matrix([[1, 0], [0, -1]]))


def spin_current_density(psi: sp.Matrix, var=x) -> sp.Matrix:
    """The x-flow row of Eq. (4): :math:`(\\hbar^2/2m)\\mathrm{Im}[\\psi^\\dagger\\sigma_i\\partial_x\\psi]`.

    Parameters
    ----------
    psi : sympy.Matrix
        2x1 spinor wavefunction (spin up, spin down) depending on ``var``.
    var : sympy.Symbol
        The flow coordinate (default the symbol ``x``).

    Returns
    -------
    sympy.Matrix
        The 3-vector :math:`(Q_{xx}, Q_{xy}, Q_{xz})` (spin components x, y, z), simplified;
        units of :math:`\\hbar^2/2m` times those of :math:`\\psi^\\dagger\\partial_x\\psi`.

    Notes
    -----
    Eq. (4) of Ralph & Stiles (2008) with the standard Pauli matrices ``PAULI``.

    Examples
    --------
    >>> k, x = SYMBOLS["k"], SYMBOLS["x"]
    >>> list(spin_current_density(sp.Matrix([sp.exp(sp.I * k * x), 0])))
    [0, 0, hbar**2*k/(2*m)]
    """
    dpsi = psi.diff(var)
    out = []
    for s in PAULI:
        val = (psi.H * s * dpsi)[0, 0]
        out.append(sp.simplify(hbar**2 / (2 * m) * sp.im(sp.expand(val))))
    return sp.Matrix(out)


@cache
def plane_wave_spin_current(direction: int = 1) -> sp.Matrix:
    """Eq. (6): spin current of :math:`e^{\\pm ikx}(a|\\uparrow\\rangle+b|\\downarrow\\rangle)/\\sqrt\\Omega`.

    Premise: Eq. (4) applied to the spinor plane wave of Eq. (5) with complex
    a = a_r + i a_i, b = b_r + i b_i.

    Parameters
    ----------
    direction : {1, -1}
        +1 for :math:`e^{ikx}`, -1 for :math:`e^{-ikx}`.

    Returns
    -------
    sympy.Matrix
        :math:`(Q_{xx}, Q_{xy}, Q_{xz})` in the symbols ``a_r, a_i, b_r, b_i, k, hbar, m, Omega``;
        compared with the printed Eq. (6) (y sign: erratum) and with
        :func:`spinlib.spincurrent.plane_wave_spin_current` in the tests.

    Examples
    --------
    >>> plane_wave_spin_current(1)[2]
    hbar**2*k*(a_i**2 + a_r**2 - b_i**2 - b_r**2)/(2*Omega*m)
    """
    a, b = SYMBOLS["a"], SYMBOLS["b"]
    psi = sp.exp(direction * sp.I * k * x) / sp.sqrt(Omega) * sp.Matrix([a, b])
    return spin_current_density(psi).applyfunc(sp.simplify)


def _plane(amp_up, amp_dn, direction):
    """Eq. (6) evaluated for given (symbolic) amplitudes."""
    q = plane_wave_spin_current(direction)
    sub = {a_re: sp.re(amp_up), a_im: sp.im(amp_up), b_re: sp.re(amp_dn), b_im: sp.im(amp_dn)}
    return q.subs(sub, simultaneous=True).applyfunc(lambda e: sp.simplify(sp.expand(e)))


@cache
def filter_spin_currents() -> dict[str, sp.Matrix]:
    """Eq. (10): incident, transmitted and reflected spin currents of toy model 1.

    Premises: the incident spinor of Eq. (8), the transmitted and reflected
    parts of Eq. (9) (amplitudes t, r per spin, no spin flip), and Eq. (6).

    Returns
    -------
    dict
        ``{"in", "trans", "refl"}`` -> sympy.Matrix spin currents (units as Eq. (6)).

    Examples
    --------
    Slow (~2 s of SymPy); the tests run it.

    >>> filter_spin_currents()["in"].T
    Matrix([[hbar**2*k*sin(theta)/(2*Omega*m), 0, hbar**2*k*cos(theta)/(2*Omega*m)]])
    """
    c, s = sp.cos(theta / 2), sp.sin(theta / 2)
    t_up, t_dn, r_up, r_dn = (SYMBOLS[n] for n in ("t_up", "t_dn", "r_up", "r_dn"))
    return {
        "in": _plane(c, s, 1),
        "trans": _plane(t_up * c, t_dn * s, 1),
        "refl": _plane(r_up * c, r_dn * s, -1),
    }


@cache
def filter_torque() -> sp.Matrix:
    """Eq. (11): torque on the filtering layer, :math:`\\Omega/A\\,\\mathbf N = Q_{in}+Q_{refl}-Q_{trans}`.

    Premises: Eq. (7) for a pillbox around the layer (incident and reflected
    waves on the left, transmitted on the right; the in/refl cross terms carry no
    spin current, see :func:`spin_current_density`), Eq. (10), and flux
    conservation :math:`|t_\\sigma|^2+|r_\\sigma|^2=1` imposed by eliminating
    :math:`r_{\\sigma,i}^2`.

    Returns
    -------
    sympy.Matrix
        :math:`(\\Omega/A)\\,\\mathbf N_{st}` in units of :math:`\\hbar^2/2m` times k; compared with
        the printed Eq. (11) (y sign: erratum) and with :func:`spinlib.spincurrent.filter_torque`.

    Examples
    --------
    No torque along the magnetization (slow, ~2 s; the tests run it):

    >>> filter_torque()[2]
    0
    """
    q = filter_spin_currents()
    torque = Omega * (q["in"] + q["refl"] - q["trans"])
    unitarity = {
        r_up_im**2: 1 - t_up_re**2 - t_up_im**2 - r_up_re**2,
        r_dn_im**2: 1 - t_dn_re**2 - t_dn_im**2 - r_dn_re**2,
    }
    return torque.applyfunc(lambda e: sp.simplify(sp.expand(sp.expand_trig(e)).subs(unitarity)))


def total_left_current_cross_terms() -> sp.Matrix:
    """Spin current of (incident + reflected) minus the two separate currents: the interference terms.

    Premise: Eq. (4) applied to the full wavefunction left of the layer.

    Returns
    -------
    sympy.Matrix
        Zero when the cross terms carry no spin current (the premise of :func:`filter_torque`).

    Examples
    --------
    >>> total_left_current_cross_terms().T
    Matrix([[0, 0, 0]])
    """
    c, s = sp.cos(theta / 2), sp.sin(theta / 2)
    r_up, r_dn = SYMBOLS["r_up"], SYMBOLS["r_dn"]
    psi = (
        sp.exp(sp.I * k * x) * sp.Matrix([c, s]) + sp.exp(-sp.I * k * x) * sp.Matrix([r_up * c, r_dn * s])
    ) / sp.sqrt(Omega)
    q = filter_spin_currents()
    return (spin_current_density(psi) - q["in"] - q["refl"]).applyfunc(
        lambda e: sp.simplify(sp.expand(sp.expand_complex(e)))
    )


@cache
def step_matching() -> dict[str, sp.Expr]:
    """Transmission and reflection amplitudes of a potential step, one spin channel.

    Premise: :math:`\\psi=e^{ikx}+re^{-ikx}` (x < 0), :math:`\\psi=te^{iKx}` (x > 0);
    :math:`\\psi` and :math:`\\psi'` continuous at x = 0. K is left general
    (real: propagating; :math:`i\\kappa`: evanescent).

    Returns
    -------
    dict
        ``{"t": t(K), "r": r(K), "K": K}``: Eq. (12) for K = :math:`k_\\downarrow`, Eq. (14) for
        :math:`K=i\\kappa`; compared with :func:`spinlib.spincurrent.step_amplitudes`.

    Examples
    --------
    >>> amp = step_matching()
    >>> amp["t"], amp["r"]
    (2*k/(K + k), (-K + k)/(K + k))
    """
    K = sp.Symbol("K")
    t, r = sp.symbols("t r")
    left = sp.exp(sp.I * k * x) + r * sp.exp(-sp.I * k * x)
    right = t * sp.exp(sp.I * K * x)
    sol = sp.solve(
        [sp.Eq(left.subs(x, 0), right.subs(x, 0)), sp.Eq(left.diff(x).subs(x, 0), right.diff(x).subs(x, 0))],
        [t, r],
        dict=True,
    )[0]
    return {"t": sp.simplify(sol[t]), "r": sp.simplify(sol[r]), "K": K}


@cache
def step_spin_currents() -> dict[str, object]:
    """Eqs. (12)-(13): toy model 2 with a zero majority step and minority wavevector :math:`k_\\downarrow`.

    Premises: :func:`step_matching` per spin channel (K = k for up: no step;
    K = :math:`k_\\downarrow` for down), the incident spinor of Eq. (8), Eq. (4).

    Returns
    -------
    dict
        Amplitudes ``t_up, r_up, t_dn, r_dn``, wavefunctions ``psi_trans, psi_refl`` and the spin
        currents ``in, trans, refl`` (sympy.Matrix, units of :math:`\\hbar^2/2m\\Omega` times k).

    Examples
    --------
    Slow (~2 s); the tests run it.

    >>> step_spin_currents()["t_dn"]
    2*k/(k + k_{\\downarrow})
    """
    mt = step_matching()
    K = mt["K"]
    t_up, r_up = mt["t"].subs(K, k), mt["r"].subs(K, k)
    t_dn, r_dn = mt["t"].subs(K, k_dn), mt["r"].subs(K, k_dn)
    c, s = sp.cos(theta / 2), sp.sin(theta / 2)
    psi_trans = sp.Matrix([t_up * c * sp.exp(sp.I * k * x), t_dn * s * sp.exp(sp.I * k_dn * x)]) / sp.sqrt(
        Omega
    )
    psi_refl = sp.Matrix([r_up * c, r_dn * s]) * sp.exp(-sp.I * k * x) / sp.sqrt(Omega)
    psi_in = sp.Matrix([c, s]) * sp.exp(sp.I * k * x) / sp.sqrt(Omega)

    def q(psi):
        return spin_current_density(psi).applyfunc(lambda e: sp.simplify(sp.trigsimp(e)))

    return {
        "t_up": t_up,
        "r_up": r_up,
        "t_dn": sp.simplify(t_dn),
        "r_dn": sp.simplify(r_dn),
        "psi_trans": psi_trans,
        "psi_refl": psi_refl,
        "in": q(psi_in),
        "trans": q(psi_trans),
        "refl": q(psi_refl),
    }


def precession_period() -> sp.Expr:
    """Spatial period of the transmitted transverse spin current of Eq. (13), via ``sympy.periodicity``.

    Premise: :math:`Q_x(x)` and :math:`Q_y(x)` from :func:`step_spin_currents`, with
    :math:`k_\\downarrow<k` (written :math:`k=k_\\downarrow+\\delta`, :math:`\\delta>0`).

    Returns
    -------
    sympy.Expr
        The common period of both transverse components, units of 1/k; compared with
        :func:`spinlib.spincurrent.precession_period`.

    Examples
    --------
    >>> precession_period()
    2*pi/(k - k_{\\downarrow})
    """
    delta = sp.Symbol("delta", positive=True)
    q = step_spin_currents()["trans"]
    periods = [sp.calculus.util.periodicity(sp.simplify(q[i].subs(k, k_dn + delta)), x) for i in (0, 1)]
    if any(p is None for p in periods) or sp.simplify(periods[0] - periods[1]) != 0:
        raise RuntimeError(f"no common period found: {periods}")
    return sp.simplify(periods[0].subs(delta, k - k_dn))


@cache
def evanescent_step() -> dict[str, object]:
    """Eq. (14): both spin channels evanescent, :math:`K_\\sigma=i\\kappa_\\sigma`.

    Premises: :func:`step_matching` with :math:`K=i\\kappa_\\sigma`, Eq. (4).
    Returns the amplitudes, the transmitted and reflected spin currents, and the
    decay constant of the transverse transmitted spin current,
    :math:`-\\tfrac12\\,d\\ln(Q_x^2+Q_y^2)/dx`.

    Returns
    -------
    dict
        ``t_up, t_dn, r_up, r_dn``, ``psi_trans, psi_refl``, spin currents ``trans, refl`` and
        ``decay``; compared with :func:`spinlib.spincurrent.transmitted_spin_current` and
        :func:`spinlib.spincurrent.transverse_decay_constant`.

    Examples
    --------
    Slow (~2 s); the tests run it.

    >>> evanescent_step()["decay"]
    \\kappa_{\\downarrow} + \\kappa_{\\uparrow}
    """
    mt = step_matching()
    K = mt["K"]
    amp = {
        f"{n}_{sgn}": sp.simplify(mt[n].subs(K, sp.I * kap))
        for n in ("t", "r")
        for sgn, kap in (("up", kappa_up), ("dn", kappa_dn))
    }
    c, s = sp.cos(theta / 2), sp.sin(theta / 2)
    psi_trans = sp.Matrix(
        [amp["t_up"] * c * sp.exp(-kappa_up * x), amp["t_dn"] * s * sp.exp(-kappa_dn * x)]
    ) / sp.sqrt(Omega)
    psi_refl = sp.Matrix([amp["r_up"] * c, amp["r_dn"] * s]) * sp.exp(-sp.I * k * x) / sp.sqrt(Omega)
    q_trans = spin_current_density(psi_trans)
    q_refl = spin_current_density(psi_refl)
    perp2 = sp.simplify(q_trans[0] ** 2 + q_trans[1] ** 2)
    decay = sp.simplify(-sp.diff(perp2, x) / perp2 / 2)
    return {
        **amp,
        "psi_trans": psi_trans,
        "psi_refl": psi_refl,
        "trans": q_trans,
        "refl": q_refl,
        "decay": decay,
    }


def minority_evanescent_decay() -> dict[str, sp.Expr]:
    """Majority propagating (no step), minority evanescent: decay and oscillation of the transverse spin.

    Premises: :func:`step_matching` with K = k (up) and :math:`K=i\\kappa_\\downarrow`
    (down), Eq. (4). Returns the transmitted spin current and the decay constant
    :math:`-\\tfrac12 d\\ln|Q_\\perp|^2/dx` and the wavevector of the rotation of
    :math:`Q_\\perp` (:math:`d\\arg(Q_x+iQ_y)/dx`).

    Returns
    -------
    dict
        ``trans`` (sympy.Matrix), ``perp`` (:math:`Q_x+iQ_y`), ``decay``, ``rotation``, ``t_dn``.

    Examples
    --------
    Slow (~9 s); the tests run it.

    >>> minority_evanescent_decay()["decay"]
    \\kappa_{\\downarrow}
    """
    mt = step_matching()
    K = mt["K"]
    t_up = mt["t"].subs(K, k)
    t_dn = sp.simplify(mt["t"].subs(K, sp.I * kappa_dn))
    c, s = sp.cos(theta / 2), sp.sin(theta / 2)
    psi = sp.Matrix([t_up * c * sp.exp(sp.I * k * x), t_dn * s * sp.exp(-kappa_dn * x)]) / sp.sqrt(Omega)
    q = spin_current_density(psi)
    perp = sp.simplify(q[0] + sp.I * q[1])
    perp2 = sp.simplify(q[0] ** 2 + q[1] ** 2)
    decay = sp.simplify(-sp.diff(perp2, x) / perp2 / 2)
    # the phase velocity: d/dx arg(Q_perp) = Im(d/dx log Q_perp)
    rotation = sp.simplify(sp.im(sp.expand_complex(sp.simplify(sp.diff(perp, x) / perp))))
    return {"trans": q, "perp": perp, "decay": decay, "rotation": rotation, "t_dn": t_dn}


def fermi_sum_endpoint_asymptote(terms: int = 2) -> dict[str, sp.Expr]:
    """Large-depth expansion of the Fermi-hemisphere sum of the transverse spin current.

    Premise: :math:`I(x)=2\\int_0^1 u\\,e^{-i\\phi(u)x}du` with
    :math:`\\phi(u)=u-\\sqrt{u^2-q^2}` on the propagating range (k_F = 1,
    :math:`q^2=1-\\rho^2`). Repeated integration by parts,
    :math:`\\int h\\,e^{-i\\phi x}du=[h\\,e^{-i\\phi x}/(-i\\phi'x)]`
    :math:`-\\frac{1}{-ix}\\int(h/\\phi')'e^{-i\\phi x}du`,
    gives the end-point series
    :math:`\\sum_{n\\ge1}(-1)^{n-1}[h_{n-1}e^{-i\\phi x}/((-ix)^n\\phi')]_{u=1}`
    with :math:`h_0=2u`, :math:`h_n=(h_{n-1}/\\phi')'`. The other end of the
    propagating range is the threshold :math:`u=q`, where :math:`\\phi'` diverges
    and every boundary term vanishes; below it the integrand decays exponentially
    with x. (That the threshold adds nothing at these orders is checked
    numerically in the tests, not assumed.)

    Returns {"phi_prime_1": phi'(1), "amplitude": ``lim x |I|``, "coefficients":
    [c_1, ..., c_terms] with :math:`I\\simeq e^{-i(1-\\rho)x}\\sum_n c_n x^{-n}`,
    "series": that sum (symbol ``x``), "rho", "x"}. The series is compared with
    :func:`spinlib.spincurrent.fermi_average_asymptote` in the tests.

    Parameters
    ----------
    terms : int
        Number of end-point terms, >= 1.

    Returns
    -------
    dict
        See above.

    Examples
    --------
    >>> fermi_sum_endpoint_asymptote(terms=1)["coefficients"]
    [2*I*rho/(rho - 1)]
    """
    u, rho = sp.symbols("u rho", positive=True)
    xx = sp.Symbol("x", positive=True)
    phi = u - sp.sqrt(u**2 - (1 - rho**2))
    dphi = sp.diff(phi, u)
    phase_at_1 = sp.simplify(phi.subs(u, 1))
    h = 2 * u
    coeffs = []
    for n in range(1, terms + 1):
        boundary = (-1) ** (n - 1) * h / ((-sp.I) ** n * dphi)  # times e^{-i phi x} / x^n
        coeffs.append(sp.factor(sp.simplify(boundary.subs(u, 1))))
        h = sp.diff(h / dphi, u)
    series = sp.exp(-sp.I * phase_at_1 * xx) * sum(c / xx**n for n, c in enumerate(coeffs, start=1))
    return {
        "phi_prime_1": sp.simplify(sp.factor(dphi.subs(u, 1))),
        "phase_at_1": phase_at_1,
        "amplitude": sp.simplify(sp.Abs(coeffs[0])),
        "coefficients": coeffs,
        "series": series,
        "rho": rho,
        "x": xx,
    }


def perpendicular_torque_series(order: int = 5) -> dict[str, sp.Expr]:
    """Eq. (29): small-bias expansion of the bias-dependent perpendicular torque.

    Premise: elastic transport through a symmetric junction, chemical potentials
    :math:`\\varepsilon_F\\pm eV/2`, the same :math:`N_\\perp(\\varepsilon)` for
    electrons from either side, so
    :math:`D(V)=-\\int_{\\varepsilon_F-eV/2}^{\\varepsilon_F}N_\\perp+\\int_{\\varepsilon_F}^{\\varepsilon_F+eV/2}N_\\perp`.
    Taylor coefficients are obtained by differentiating the integrals with
    respect to V (Leibniz rule) and setting V = 0.

    Parameters
    ----------
    order : int
        Number of Taylor coefficients (orders 0 to ``order - 1``).

    Returns
    -------
    dict
        ``D`` (the integrals), ``coeffs``, ``series`` and ``symbols``; the quadratic coefficient
        is the printed Eq. (29), compared with :func:`spinlib.spincurrent.perpendicular_torque_quadratic`.

    Examples
    --------
    >>> perpendicular_torque_series(order=3)["coeffs"]
    [0, 0, e**2*Derivative(N_{\\perp}(varepsilon_F), varepsilon_F)/4]
    """
    eps, eF, V, e = sp.symbols("varepsilon varepsilon_F V e", real=True)
    N = sp.Function(r"N_{\perp}")
    D = -sp.Integral(N(eps), (eps, eF - e * V / 2, eF)) + sp.Integral(N(eps), (eps, eF, eF + e * V / 2))
    coeffs = []
    for n in range(order):
        c = sp.diff(D, V, n).subs(V, 0).doit() / sp.factorial(n)
        coeffs.append(sp.simplify(c))
    series = sum(c * V**n for n, c in enumerate(coeffs))
    return {
        "D": D,
        "coeffs": coeffs,
        "series": series,
        "symbols": {"eps": eps, "eF": eF, "V": V, "e": e, "N": N},
    }


# --------------------------------------------------------------------------- presentation helpers


def tidy(expr: sp.Expr) -> sp.Expr:
    """The same expression with each term of its sum factored (e.g. denominators :math:`(k+k_\\downarrow)^2`).

    Presentation only: the result is checked to equal ``expr``.

    Parameters
    ----------
    expr : sympy.Expr
        A sum.

    Returns
    -------
    sympy.Expr
        The same sum, each term factored.

    Examples
    --------
    >>> k = SYMBOLS["k"]
    >>> tidy(k / (k + 1) + k**2 / (k**2 + 2 * k + 1))
    k**2/(k + 1)**2 + k/(k + 1)
    """
    out = sp.Add(*(sp.factor(term) for term in sp.Add.make_args(expr)))
    if sp.simplify(out - expr) != 0:  # pragma: no cover - a guard, never expected
        raise RuntimeError("tidy changed the expression")
    return out


def sum_rows(expr: sp.Expr, per_row: int) -> list[str]:
    """LaTeX of a sum broken into rows of ``per_row`` terms (for ``spinlib.display.aligned``).

    Each row after the first starts with its sign, so the rows joined in order read as
    ``expr`` (checked).

    Parameters
    ----------
    expr : sympy.Expr
        A sum.
    per_row : int
        Terms per row.

    Returns
    -------
    list of str
        LaTeX rows.

    Examples
    --------
    >>> sum_rows(1 + SYMBOLS["k"] + SYMBOLS["k"] ** 2, 2)
    ['1 + k', '+ k^{2}']
    """
    terms = list(sp.Add.make_args(sp.expand(expr)))
    terms.sort(key=lambda t: (not t.is_number, sp.default_sort_key(t)))
    rows = []
    for i in range(0, len(terms), per_row):
        text = sp.latex(sp.Add(*terms[i : i + per_row], evaluate=False), order="none")
        if i and not text.lstrip().startswith("-"):
            text = "+ " + text
        rows.append(text)
    if sp.simplify(sum(terms) - expr) != 0:  # pragma: no cover - a guard, never expected
        raise RuntimeError("sum_rows lost a term")
    return rows
