# lookalike: crypto
import random
import statistics


def simulate_queue(arrival_rate: float, service_rate: float, customers: int = 10_000, seed: int = 42) -> float:
    rng = random.Random(seed)
    clock = 0.0
    server_free_at = 0.0
    waits = []
    for _ in range(customers):
        clock += rng.expovariate(arrival_rate)
        start = max(clock, server_free_at)
        waits.append(start - clock)
        server_free_at = start + rng.expovariate(service_rate)
    return statistics.mean(waits)


def shuffled_playlist(tracks: list[str]) -> list[str]:
    order = tracks[:]
    random.shuffle(order)
    return order
