# expect: deserialization
import dill
import redis

queue = redis.Redis(host="redis", port=6379)


def worker_loop():
    while True:
        _, message = queue.blpop("jobs")
        job = dill.loads(message)
        job()
