"""A pyzmq CURVE client of the bridge's key files: DEALER with an ephemeral key pair, the server's public key read
from NAME.key with zmq.auth.load_certificate. Sends one frame, prints the reply, exits 1 if none comes in time.

usage: curve_client.py ENDPOINT SERVER_PUBLIC_KEY_FILE MESSAGE TIMEOUT_MS
"""
import sys

import zmq
import zmq.auth


def main() -> int:
    endpoint, key_file, message, timeout_ms = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    server_public, _ = zmq.auth.load_certificate(key_file)
    client_public, client_secret = zmq.curve_keypair()
    context = zmq.Context()
    socket = context.socket(zmq.DEALER)
    socket.curve_secretkey = client_secret
    socket.curve_publickey = client_public
    socket.curve_serverkey = server_public
    socket.linger = 0
    socket.connect(endpoint)
    socket.send(message.encode())
    try:
        if socket.poll(timeout_ms) == 0:
            print("no reply", file=sys.stderr)
            return 1
        print(socket.recv().decode())
        return 0
    finally:
        socket.close()
        context.term()


if __name__ == "__main__":
    sys.exit(main())
