r"""SymPy derivations of the activation chapter: thermokinetics and Néel-Brown switching under spin injection.

Source: J.-E. Wegrowe, S. M. Santos, M.-C. Ciornei, H.-J. Drouhin and J. M. Rubí,
arXiv:0801.1019 (2008) ("Wegrowe et al. (2008)"). Every function starts from stated premises
(the entropy production Eq. (1), the Onsager matrix Eq. (2), the chemical potential Eq. (4), the
GMR relation Eq. (7), the step approximation of Eqs. (16)-(17)) and derives; the tests
(``tests/activation/test_activation_derivation.py``) type in the printed forms and compare, and
compare the numeric functions of :mod:`spinlib.activation` with ``lambdify`` of the derived forms.

**Errata (each is shown in the chapter and kept in the tests).**

1. **Eq. (5)**: with ``L_thetatheta`` of Eq. (3) (which carries ``1/v``) the right-hand side is
   the current density ``j`` itself, not ``j v``.
2. **Eq. (14)**: the pseudo field is ``-grad V^F - (k_B T / v) grad rho / rho``; the printed ``+``
   in front of the diffusion term would make the density flow *up* its gradient.
3. **Eq. (10)**, second equality, and **Eq. (26)**: Eq. (7) gives ``V^e = (8 I / beta) int R_GMR``;
   the printed ``8 e I / beta`` has an extra ``e`` (the differences below Eq. (26), ``-+4 I Delta R
   (pi -+ 2) / beta``, are those of the derived form). Eq. (26) also adds an energy,
   ``(l / L) V^e``, to the energy *density* ``V^F``: it must be ``v V^F``.
4. **Eq. (24)** holds for minima away from the poles; at ``theta_i = 0`` or ``pi`` (the P and AP
   states of the paper's own example) ``sin theta_i = 0`` and it diverges. The well integral is
   then a 2-D Gaussian, ``int e^{-sigma a x^2} x dx = 1 / (2 sigma a)``; the resulting rate is
   Brown's high-barrier formula. Footnote [33] writes the Laplace factor as
   ``sqrt(2 pi M |f''|)``; it is ``sqrt(2 pi / (M |f''|))``.
5. **Eq. (25)**: from Eqs. (12), (19) and (24) the current multiplies the rate out of ``theta_i``
   by ``exp(+l [V^e(theta_i) - V^e(theta_0)] / (k_B T L))`` (the same as the barrier of Eq. (26));
   the printed exponent has the opposite sign. The direction of switching for a given sign of
   the current is therefore fixed by the unknown sign of ``l``.
6. **Eq. (27)**: derived ``tau_i = tau_0 exp{[v Delta V^F -+ 8 c_i l Delta R I / (beta L)] / k_B T}``;
   the printed form has ``2 k_B T`` and lacks the 8.
7. **Eq. (28)**: derived ``I_c = -(Gamma alpha E_a / (v M_s (1 + alpha^2) c_i)) (rho_0 / l)
   beta / (8 Delta R)``; the printed ``rho_0 / (e l)`` inherits the extra ``e`` of Eq. (26).
8. **Eq. (31)**: the two jump processes add their noise, ``<n_1>/tau_12 + <n_2>/tau_21``; the
   printed difference vanishes at equilibrium. **Eq. (32)**: the intensity near one well is
   ``<n>/tau`` (times the current factor); the printed prefactor ``2 D_0`` does not follow (and
   has different units).
9. **Sense of precession** (a convention, not an error of the physics): Eq. (3) needs ``Gamma > 0``
   for ``L_thetatheta > 0``; Eqs. (5) and (14) then precess as ``+Gamma u_r x H``, opposite to the
   electron's ``-gamma m x H`` of the LLG section. The damping term agrees. Axially symmetric activation
   does not depend on it.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

__all__ = [
    "SYMBOLS",
    "onsager_entropy_production",
    "thermokinetic_llg",
    "fokker_planck",
    "electrospin",
    "modified_density",
    "two_state_rates",
    "rate_law",
    "fluctuations",
    "chapter_equations",
]

theta, phi, t, x = sp.symbols("theta phi t x", real=True)
alpha, Gamma, M_s, v, kT = sp.symbols(r"alpha Gamma M_s v k_{B}T", positive=True)
L_tt, sigma0, e, I, DeltaR, E_a, rho0_c = sp.symbols(
    r"L_{\theta\theta} sigma_0 e I \Delta{}R E_a rho_0", positive=True
)
l, l_tilde, beta, h, iota = sp.symbols("l ltilde beta h iota", real=True)
sig = sp.symbols("sigma", positive=True)  # barrier E_a / k_B T
a_w, b_w, c_top = sp.symbols("a b c", positive=True)
tau0, n1, n2, k12, k21 = sp.symbols("tau_0 n_1 n_2 k_12 k_21", positive=True)
c_i = sp.symbols("c_i", real=True)

SYMBOLS = {
    str(s): s
    for s in (
        theta,
        phi,
        t,
        x,
        alpha,
        Gamma,
        M_s,
        v,
        sigma0,
        e,
        I,
        E_a,
        rho0_c,
        l,
        l_tilde,
        beta,
        h,
        iota,
        sig,
        tau0,
        n1,
        n2,
        k12,
        k21,
        c_i,
    )
}
SYMBOLS.update({"k_BT": kT, "L_thetatheta": L_tt, "DeltaR": DeltaR})

rho = sp.Function("rho")(theta, phi)
V = sp.Function("V")(theta, phi)


def _cross(a, b):
    """Cross product in the right-handed orthonormal frame (u_r, u_theta, u_phi)."""
    return sp.Matrix(a).cross(sp.Matrix(b))


def _grad(f):
    """Gradient on the unit sphere, components (r, theta, phi)."""
    return sp.Matrix([0, sp.diff(f, theta), sp.diff(f, phi) / sp.sin(theta)])


def _div(A):
    """Divergence on the unit sphere of a tangent field with components (r, theta, phi)."""
    return (sp.diff(sp.sin(theta) * A[1], theta) + sp.diff(A[2], phi)) / sp.sin(theta)


@cache
def onsager_entropy_production() -> dict:
    """Entropy production of Eqs. (1)-(2) and the condition it puts on the spin-transfer coefficient.

    Premises: the Onsager matrix of Eq. (2) with ``L_{theta phi} = -L_{phi theta}`` (Onsager-Casimir,
    the magnetization is odd under time reversal), ``L_{phi phi} = L_{theta theta}``, the
    ferromagnetic block ``(L_thetatheta/alpha) {alpha, -1, 1, alpha}`` (Eq. (3)) and
    ``ltilde = l`` (both currents even under time reversal). The second law requires the
    symmetric part of the matrix to be positive semi-definite.

    Returns
    -------
    dict: ``matrix``, ``quadratic_form`` (T dS/dt for forces ``X``), ``antisymmetric_part`` of the
    ferromagnetic block, ``l_bound`` (the largest ``l^2`` allowed), ``conductivity_bound``.
    """
    Ltp = -L_tt / alpha  # L_{theta phi} from Eq. (3)
    M = sp.Matrix(
        [
            [L_tt, -Ltp, 0, 0],  # rows: j^phi, j^theta, dJ, J0; L_{phi theta} = -L_{theta phi}
            [Ltp, L_tt, l, 0],
            [0, l_tilde, sigma0, beta * sigma0],
            [0, 0, beta * sigma0, sigma0],
        ]
    ).subs(l_tilde, l)
    X = sp.Matrix(sp.symbols("X_phi X_theta X_dmu X_mu0", real=True))
    quad = sp.expand((X.T * M * X)[0])
    sym = (M + M.T) / 2
    # PSD of the symmetric part: the phi row decouples; leading minors of the (theta, dJ, J0) block
    block = sym[1:, 1:]
    det = sp.factor(block.det())
    lsq = sp.Symbol("lsq", positive=True)
    bound = sp.solve(sp.Eq(det.subs(l, sp.sqrt(lsq)), 0), lsq)[0]
    return {
        "matrix": M,
        "quadratic_form": quad,
        "antisymmetric_part": sp.simplify((M[:2, :2] - M[:2, :2].T) / 2),
        "symmetric_block_det": det,
        "l_bound": sp.factor(bound),
        "conductivity_bound": sp.factor(block[1:, 1:].det()),
    }


@cache
def thermokinetic_llg() -> dict:
    """The ferromagnetic current from Eqs. (2)-(4) and the LLG equation with Brown's diffusion.

    Premises: ``j = -L grad mu`` with the 2x2 block of Eq. (2) ordered (phi, theta), ``L_thetatheta``
    of Eq. (3) and ``mu = k_B T ln rho + v V`` (Eq. (4)).

    Returns
    -------
    dict: ``j`` (r, theta, phi components), ``G`` = ``grad V + (k_B T/v) grad rho / rho``,
    ``velocity = j / rho``, ``llg_drift`` (the velocity at ``grad rho = 0``), ``diffusion_velocity``.
    """
    Ltt = rho * alpha * Gamma / (v * M_s * (1 + alpha**2))  # Eq. (3)
    Ltp, Lpt = -Ltt / alpha, Ltt / alpha
    mu = kT * sp.log(rho) + v * V
    g = _grad(mu)
    j_phi = -(Ltt * g[2] + Lpt * g[1])  # Eq. (2), first row: L_phiphi = L_thetatheta
    j_theta = -(Ltp * g[2] + Ltt * g[1])
    j = sp.Matrix([0, sp.simplify(j_theta), sp.simplify(j_phi)])
    G = _grad(V) + kT / v * _grad(rho) / rho
    ur = sp.Matrix([1, 0, 0])
    return {
        "j": j,
        "G": G,
        "velocity": sp.simplify(j / rho),
        "llg_drift": sp.simplify(
            (j / rho).subs({sp.Derivative(rho, theta): 0, sp.Derivative(rho, phi): 0}).doit()
        ),
        "u_r": ur,
        "cross": _cross,
    }


@cache
def fokker_planck() -> dict:
    """Continuity ``d rho / dt = -div j`` with the current of :func:`thermokinetic_llg`.

    Returns
    -------
    dict: ``rhs`` (d rho/dt), ``D`` (Brown's diffusion constant ``k_B T L / rho``),
    ``boltzmann_flux`` (j for ``rho = C exp(-v V / k_B T)``, zero), ``axial`` (rhs for
    ``rho(theta)``, ``V(theta)``), ``axial_injected_flux`` (theta-flux of Eq. (8) with the
    electrospin term for the density ``exp(-(v V + (l/L) V^e)/k_B T)``).
    """
    tk = thermokinetic_llg()
    rhs = sp.simplify(-_div(tk["j"]))
    D = alpha * Gamma * kT / (v * M_s * (1 + alpha**2))
    C = sp.Symbol("C", positive=True)
    boltz = C * sp.exp(-v * V / kT)
    flux_b = sp.simplify(tk["j"].subs(rho, boltz).doit())
    r1, V1, Ve = (sp.Function(n)(theta) for n in ("rho", "V", "V_e"))
    axial = sp.simplify(rhs.subs({rho: r1, V: V1}).doit())
    # theta-flux with the electrospin potential (Eqs. (8), (11)): -L (d mu_tot / d theta)
    Lr = lambda dens: dens * alpha * Gamma / (v * M_s * (1 + alpha**2))  # noqa: E731
    dens = C * sp.exp(-(v * V1 + l / L_tt * Ve) / kT)
    mu_tot = kT * sp.log(dens) + l / L_tt * Ve + v * V1
    flux_inj = sp.simplify(-Lr(dens) * sp.diff(mu_tot, theta))
    return {
        "rhs": rhs,
        "D": D,
        "boltzmann_flux": flux_b,
        "axial": axial,
        "axial_rho": r1,
        "axial_V": V1,
        "axial_injected_flux": flux_inj,
    }


@cache
def electrospin() -> dict:
    """Electrospin potential from Eq. (7) and its differences for ``R_GMR = Delta R (1 - cos theta)``.

    Premises: ``beta int_v d(Delta mu)/dz dz = 8 e I R_GMR(theta)`` (Eq. (7)) and the first equality
    of Eq. (10), ``V^e = (1/e) int_theta int_v d(Delta mu)/dz dz dtheta'``, integrated from P.

    Returns
    -------
    dict: ``Ve`` (theta), ``diff_P`` = ``V^e(0) - V^e(pi/2)``, ``diff_AP`` = ``V^e(pi) - V^e(pi/2)``,
    ``c_P``, ``c_AP`` (= ``int_{theta_i}^{theta_0} R / Delta R`` at ``theta_0 = pi/2``, signed),
    ``c_P_field``/``c_AP_field`` (top at ``cos theta_0 = -h``).
    """
    tp = sp.Symbol("thetap", real=True)
    R = DeltaR * (1 - sp.cos(tp))
    dmu_integral = sp.solve(sp.Eq(beta * sp.Symbol("Q"), 8 * e * I * R), sp.Symbol("Q"))[0]  # Eq. (7)
    Ve = sp.integrate(dmu_integral / e, (tp, 0, theta))
    top = sp.pi / 2
    th0 = sp.acos(-h)
    Rn = 1 - sp.cos(tp)
    return {
        "Ve": sp.simplify(Ve),
        "diff_P": sp.simplify(Ve.subs(theta, 0) - Ve.subs(theta, top)),
        "diff_AP": sp.simplify(Ve.subs(theta, sp.pi) - Ve.subs(theta, top)),
        "c_P": sp.simplify(sp.integrate(Rn, (tp, 0, top))),
        "c_AP": sp.simplify(sp.integrate(Rn, (tp, sp.pi, top))),
        "c_P_field": sp.simplify(sp.integrate(Rn, (tp, 0, th0))),
        "c_AP_field": sp.simplify(sp.integrate(Rn, (tp, th0, sp.pi))),
    }


@cache
def modified_density() -> dict:
    """Eq. (12) from Eq. (11) and the diffusion correction Eq. (15).

    Premise: ``k_B T ln rho_0 + (l/L) V^e + v V = k_B T ln rho_tot + v V`` (Eq. (11) rewritten).

    Returns
    -------
    dict
        ``rho_tot`` (in terms of ``rho_0``), ``correction`` (``k_B T [grad rho_tot/rho_tot -
        grad rho_0/rho_0]``, theta component) and ``D_tot`` (``k_B T L / rho_tot``).
    """
    r0, Ve = sp.Function("rho_0")(theta), sp.Function(r"\mathcal{V}^{e}")(theta)
    rt = sp.Symbol("rho_tot", positive=True)
    rho_tot = sp.solve(sp.Eq(kT * sp.log(r0) + l / L_tt * Ve, kT * sp.log(rt)), rt)[0]
    corr = sp.simplify(kT * (sp.diff(rho_tot, theta) / rho_tot - sp.diff(r0, theta) / r0))
    return {
        "rho_tot": sp.simplify(rho_tot),
        "correction": corr,
        "rho_0": r0,
        "V_e": Ve,
        "D_tot": sp.simplify(kT * L_tt / rho_tot),
    }


@cache
def two_state_rates() -> dict:
    """Steepest-descent (Laplace) rates of the two-state reduction, Eqs. (20)-(24), derived.

    Premises: the flux over the barrier ``I = D (e^{mu_1} - e^{mu_2}) / int e^{sigma u} / (2 pi
    sin theta)`` (Eq. (21), ``mu`` in units of ``k_B T``), the well populations of Eq. (22), and the
    local expansions ``u ~ u_0 - c (theta - theta_0)^2 / 2`` at the top and ``u ~ u_i + a (theta -
    theta_i)^2 / 2`` in an interior well, or ``u ~ u_i + a x^2 / 2`` with the measure ``sin theta ~ x``
    in a well at a pole. Gaussian integrals are done by SymPy over the whole line (half-line at a pole).

    Returns
    -------
    dict: ``k_interior`` and ``k_pole`` (escape rates, ``D`` = diffusion constant, ``s0 = sin theta_0``,
    ``si = sin theta_i``, ``Du`` = barrier), ``laplace_factor`` (``int e^{-M c x^2/2}``),
    ``brown_zero_current`` (``k_pole`` for ``u = sin^2 - 2 h cos``, in units of ``1/tau_N = 2 D``),
    ``cone_integral`` (``int_0^oo x e^{-sigma (b x + a x^2)}``).
    """
    D, s0, si, Du, M = sp.symbols(r"D s_0 s_i \Delta{}u M", positive=True)
    gauss = sp.integrate(sp.exp(-M * c_top * x**2 / 2), (x, -sp.oo, sp.oo))
    top_integral = sp.exp(sig * Du) * gauss.subs(M, sig) / (2 * sp.pi * s0)  # e^{sigma u_0} relative to u_i
    well_interior = 2 * sp.pi * si * sp.integrate(sp.exp(-sig * a_w * x**2 / 2), (x, -sp.oo, sp.oo))
    well_pole = 2 * sp.pi * sp.integrate(x * sp.exp(-sig * a_w * x**2 / 2), (x, 0, sp.oo))
    k_interior = sp.simplify(D / (top_integral * well_interior))
    k_pole = sp.simplify(D / (top_integral * well_pole))
    # zero-current double well: u = sin^2 theta - 2 h cos theta, P well at the pole
    u = sp.sin(theta) ** 2 - 2 * h * sp.cos(theta)
    th0 = sp.acos(-h)
    subs = {
        a_w: sp.simplify(sp.diff(u, theta, 2).subs(theta, 0)),
        c_top: sp.simplify(-sp.diff(u, theta, 2).subs(theta, th0)),
        s0: sp.sqrt(1 - h**2),
        Du: sp.factor(sp.simplify(u.subs(theta, th0) - u.subs(theta, 0))),
        D: sp.Rational(1, 2),
    }  # time in units of tau_N = 1/(2D)
    brown = sp.simplify(k_pole.subs(subs))
    cone = sp.integrate(x * sp.exp(-sig * (b_w * x + a_w * x**2)), (x, 0, sp.oo), conds="none")
    return {
        "k_interior": k_interior,
        "k_pole": k_pole,
        "laplace_factor": sp.simplify(gauss),
        "brown_zero_current": brown,
        "brown_substitutions": subs,
        "cone_integral": sp.simplify(cone),
        "D": D,
        "s0": s0,
        "si": si,
        "Du": Du,
        "M": M,
        "c": c_top,
        "a": a_w,
    }


@cache
def rate_law() -> dict:
    """Barrier under current, the rate law (Eq. (27)) and the critical current (Eq. (28)), derived.

    Premises: ``V_tot = v V^F + (l/L) V^e`` (Eq. (11): the electrospin term adds to the energy
    ``v V^F``), ``V^e`` from :func:`electrospin`, ``tau_i = tau_0 exp(Delta V_tot,i / k_B T)``
    with ``Delta V_tot,i = V_tot(theta_0) - V_tot(theta_i)``, and the empirical form
    ``tau = tau_0 exp[E_a (1 - I/I_c) / k_B T]`` at zero field (``v Delta V^F = E_a``).

    Returns
    -------
    dict: ``barrier_shift`` (``Delta V_tot,i - v Delta V^F`` in terms of ``c_i``), ``tau``,
    ``I_c`` (general ``c_i``), ``I_c_onsager`` (with ``L`` of Eq. (3)), ``exponent_factor``
    (``rate(I)/rate(0)`` near state i, the exponential of Eq. (25)).
    """
    es = electrospin()
    # barrier shift: (l/L) [V^e(theta_0) - V^e(theta_i)] = (l/L)(8 I Delta R / beta) c_i
    shift = sp.simplify(l / L_tt * 8 * I * DeltaR / beta * c_i)
    check = sp.simplify(es["diff_P"] + 8 * I * DeltaR / beta * es["c_P"])  # = 0: shift for i = P
    dVF = sp.Symbol(r"\Delta{}V^{F}", positive=True)
    tau = tau0 * sp.exp((v * dVF + shift) / kT)
    Ic = sp.Symbol("I_c")
    sol = sp.solve(sp.Eq((E_a + shift) / kT, E_a * (1 - I / Ic) / kT), Ic)[0]
    Ltt = rho0_c * alpha * Gamma / (v * M_s * (1 + alpha**2))
    return {
        "barrier_shift": shift,
        "consistency": check,
        "tau": tau,
        "DeltaV_F": dVF,
        "I_c": sp.simplify(sol),
        "I_c_onsager": sp.simplify(sol.subs(L_tt, Ltt)),
        "exponent_factor": sp.exp(-shift / kT),
    }


@cache
def fluctuations() -> dict:
    """Noise of the two-state reduction (Eqs. (29)-(32)), from the jump moments of Eq. (23).

    Premise: ``n_1`` changes by ``-1`` at rate ``n_1 k_12`` and by ``+1`` at rate ``n_2 k_21``.

    Returns
    -------
    dict: ``drift`` (first jump moment, Eq. (23)), ``noise`` (second jump moment: the intensity of
    the random current, Eq. (31) derived), ``equilibrium_noise`` (at detailed balance),
    ``near_well`` (one well, transitions back neglected: ``<n>/tau`` times the current factor).
    """
    jumps = [(-1, n1 * k12), (+1, n2 * k21)]
    drift = sum(d * w for d, w in jumps)
    noise = sum(d**2 * w for d, w in jumps)
    eq = sp.simplify(noise.subs(n2, n1 * k12 / k21))
    tau_eq = sp.Symbol("tau_eq", positive=True)
    n_eq = sp.Symbol("n_eq", positive=True)
    rl = rate_law()
    near = n_eq / tau_eq * rl["exponent_factor"]
    return {
        "drift": drift,
        "noise": noise,
        "equilibrium_noise": eq,
        "near_well": near,
        "tau_eq": tau_eq,
        "n_eq": n_eq,
    }


@cache
def chapter_equations() -> dict:
    """The derived equations the chapter shows (SymPy ``Eq`` objects, keyed by name)."""
    on = onsager_entropy_production()
    tk = thermokinetic_llg()
    fp = fokker_planck()
    es = electrospin()
    md = modified_density()
    tr = two_state_rates()
    rl = rate_law()
    fl = fluctuations()
    jt, jp, Vt, Ic = sp.symbols(r"j^{\theta} j^{\varphi} V_{tot} I_c")
    r1 = fp["axial_rho"]
    D = fp["D"]
    axial_brown = sp.Derivative(r1, t)
    u = sp.Function("u")(theta)
    Gt, Gp = sp.symbols(r"G_{\theta} G_{\varphi}", real=True)
    to_G = {
        sp.Derivative(V, theta): Gt - kT / v * sp.Derivative(rho, theta) / rho,
        sp.Derivative(V, phi): sp.sin(theta)
        * (Gp - kT / v * sp.Derivative(rho, phi) / (rho * sp.sin(theta))),
    }
    j_in_G = [sp.collect(sp.factor(sp.simplify(tk["j"][k].subs(to_G))), [Gt, Gp]) for k in (1, 2)]
    axial_over_D = sp.simplify(fp["axial"] / D)
    return {
        "l_bound": sp.Le(l**2, on["l_bound"]),
        "j_theta": sp.Eq(jt, j_in_G[0]),
        "j_phi": sp.Eq(jp, j_in_G[1]),
        "G": (Gt, Gp),
        "fp_axial": sp.Eq(axial_brown, sp.Symbol("D") * axial_over_D),
        "D": sp.Eq(sp.Symbol("D"), D),
        "Ve": sp.Eq(sp.Function(r"\mathcal{V}^{e}")(theta), es["Ve"]),
        "Ve_diffs": (es["diff_P"], es["diff_AP"]),
        "c_P": sp.Eq(sp.Symbol("c_P"), es["c_P"]),
        "c_AP": sp.Eq(sp.Symbol("c_AP"), -es["c_AP"]),
        "rho_tot": sp.Eq(sp.Symbol(r"\rho_{tot}"), md["rho_tot"]),
        "diffusion_correction": md["correction"],
        "k_interior": sp.Eq(sp.Symbol("k_i"), tr["k_interior"]),
        "k_pole": sp.Eq(sp.Symbol("k_i"), tr["k_pole"]),
        "brown": sp.Eq(sp.Symbol(r"k_{P\to AP}\tau_N"), tr["brown_zero_current"]),
        "V_tot": sp.Eq(Vt, v * sp.Function("V^F")(theta) + l / L_tt * sp.Function(r"\mathcal{V}^{e}")(theta)),
        "tau": sp.Eq(sp.Symbol(r"\tau_i"), rl["tau"]),
        "I_c": sp.Eq(Ic, rl["I_c_onsager"]),
        "noise": sp.Eq(sp.Symbol(r"\langle\mathcal{I}_r\mathcal{I}_r\rangle"), fl["noise"]),
        "near_well": sp.Eq(sp.Symbol(r"\langle\mathcal{I}_r\mathcal{I}_r\rangle_{i}"), fl["near_well"]),
        "u_reduced": sp.Eq(u, sp.sin(theta) ** 2 - 2 * h * sp.cos(theta) - iota * (theta - sp.sin(theta))),
    }
