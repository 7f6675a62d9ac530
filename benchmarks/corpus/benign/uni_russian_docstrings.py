# lookalike: unicode
def рассчитать_скидку(сумма: float, процент: float) -> float:
    """Возвращает сумму со скидкой."""
    if not 0 <= процент <= 100:
        raise ValueError("процент должен быть от 0 до 100")
    return сумма * (1 - процент / 100)
