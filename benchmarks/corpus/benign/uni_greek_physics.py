# lookalike: unicode
import math

g = 9.81


def pendulum_period(length: float) -> float:
    ω = math.sqrt(g / length)
    return 2 * math.pi / ω


def damped(t: float, A: float = 1.0, λ: float = 0.1, φ: float = 0.0) -> float:
    β = 2 * math.pi
    return A * math.exp(-λ * t) * math.cos(β * t + φ)
