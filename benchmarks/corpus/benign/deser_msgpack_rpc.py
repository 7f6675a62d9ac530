# lookalike: deserialization
import msgpack
import zmq


def serve(bind: str = "tcp://127.0.0.1:5555") -> None:
    socket = zmq.Context.instance().socket(zmq.REP)
    socket.bind(bind)
    while True:
        request = msgpack.unpackb(socket.recv(), raw=False)
        socket.send(msgpack.packb({"echo": request}))
