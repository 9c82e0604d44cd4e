"""A Python peer of the CarlaDrl bridge (docs/bridge-protocol.md), written only from the protocol document:
pyzmq DEALER, msgpack maps with string keys, arrays decoded by msgpack_numpy.

usage: bridge_peer.py ENDPOINT STEPS
Prints one JSON line with what it saw; exits non-zero on any protocol surprise."""
import json
import sys

import msgpack
import msgpack_numpy
import numpy as np
import zmq

endpoint, steps = sys.argv[1], int(sys.argv[2])
ctx = zmq.Context()
sock = ctx.socket(zmq.DEALER)
sock.setsockopt(zmq.LINGER, 0)
sock.setsockopt(zmq.RCVTIMEO, 20000)
sock.connect(endpoint)
seq = 0


def request(kind, **fields):
    global seq
    seq += 1
    sock.send(msgpack.packb(dict(type=kind, seq=seq, **fields), use_bin_type=True))
    while True:
        reply = msgpack.unpackb(sock.recv(), raw=False, object_hook=msgpack_numpy.decode)
        if reply["type"] == "busy":
            continue
        if reply["seq"] != seq:
            raise SystemExit(f"reply seq {reply['seq']} != {seq}")
        if reply["type"] == "error":
            raise SystemExit(f"error from the bridge: {reply['code']}: {reply['message']}")
        return reply


hello = request("hello", protocol=1, client="python bridge_peer.py", heartbeat_ms=1000)
settings = dict(
    synchronous_mode=True, number_of_vehicles=5, number_of_pedestrians=5, weather_id=1, seed_vehicles=3, seed_pedestrians=4,
    sensors=[
        dict(type="camera", name="CameraRGB", image_size=[64, 64], position=[2.0, 0.0, 1.4], fov=90.0),
        dict(type="lidar", name="Lidar", channels=16, points_per_second=20000),
    ],
)
scene = request("new_episode", settings=settings)["scene"]
frame = request("start_episode", player_start_index=1)
first_frame = frame["frame_number"]
episode = frame["episode"]
shapes, dtypes, lidar = set(), set(), set()
last = first_frame
top_speed = 0.0
for i in range(steps):
    frame = request("step", control=dict(steer=0.0, throttle=0.7, brake=0.0))
    if frame["episode"] != episode or frame["frame_number"] != last + 1:
        raise SystemExit(f"frame {frame['frame_number']} of episode {frame['episode']} after {last}")
    last = frame["frame_number"]
    top_speed = max(top_speed, frame["player"]["forward_speed"])
    for sensor in frame["sensors"]:
        if sensor["type"] == "camera":
            image = sensor["image"]
            assert isinstance(image, np.ndarray), type(image)
            shapes.add(image.shape)
            dtypes.add(str(image.dtype))
            rgb = image[..., 2::-1]  # BGRA -> RGB
            assert rgb.shape == (64, 64, 3)
        else:
            points = sensor["points"]
            assert isinstance(points, np.ndarray) and points.dtype == np.float32 and points.shape[1] == 3
            lidar.add(sensor["points_per_channel"].shape)
request("close")
print(json.dumps(separators=(",", ":"), obj=dict(
    protocol=hello["protocol"], world=hello["world"], map=scene["map_name"], spots=len(scene["player_start_spots"]),
    steps=steps, frames=last - first_frame, shapes=[list(s) for s in shapes], dtypes=sorted(dtypes),
    lidar_channels=[list(s) for s in lidar], speed=top_speed,
)))
