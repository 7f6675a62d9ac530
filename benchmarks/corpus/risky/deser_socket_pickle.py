# expect: deserialization | download-and-execute
import pickle
import socketserver


class TaskHandler(socketserver.StreamRequestHandler):
    def handle(self):
        size = int.from_bytes(self.rfile.read(4), "big")
        task = pickle.loads(self.rfile.read(size))
        result = task.run()
        self.wfile.write(pickle.dumps(result))


if __name__ == "__main__":
    socketserver.ThreadingTCPServer(("0.0.0.0", 9090), TaskHandler).serve_forever()
