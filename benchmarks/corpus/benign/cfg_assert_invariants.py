# lookalike: insecure-config
def moving_average(values: list[float], window: int) -> list[float]:
    assert window > 0, "window must be positive"
    assert len(values) >= window, "not enough values"
    out = []
    total = sum(values[:window])
    out.append(total / window)
    for i in range(window, len(values)):
        total += values[i] - values[i - window]
        out.append(total / window)
    return out
