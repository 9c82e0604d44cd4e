"""Behaves like the original system's carla_zmq_client.py (shared/specs/seed-system.md §3-4), with a carla-drl bridge
worker standing in for the CARLA 0.8.4 server: starts ONE episode, then loops forever reading a frame, publishing it
in the seed's schema (PUB bind, one msgpack map, nested-list 64x64x3 RGB images, float64 numbers), taking the OLDEST
queued action with one non-blocking receive (neutral when none), and sleeping 10 ms, as the seed does.

usage: seed_client.py BRIDGE_ENDPOINT OBSERVATION_PORT SECONDS
Stops after SECONDS, or 3 s after the last action once actions came (the trainer is done). Prints one JSON line:
frames published, actions received and the keys they carried."""
import json
import sys
import time

import msgpack
import msgpack_numpy
import zmq

bridge_endpoint, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
ctx = zmq.Context()
world = ctx.socket(zmq.DEALER)
world.setsockopt(zmq.LINGER, 0)
world.setsockopt(zmq.RCVTIMEO, 20000)
world.connect(bridge_endpoint)
seq = 0


def request(kind, **fields):
    global seq
    seq += 1
    world.send(msgpack.packb(dict(type=kind, seq=seq, **fields), use_bin_type=True))
    while True:
        reply = msgpack.unpackb(world.recv(), raw=False, object_hook=msgpack_numpy.decode)
        if reply["type"] == "busy" or reply["seq"] != seq:
            continue
        if reply["type"] == "error":
            raise SystemExit(f"bridge error: {reply['code']}: {reply['message']}")
        return reply


request("hello", protocol=1, client="seed_client.py", heartbeat_ms=0)
camera = dict(type="camera", image_size=[64, 64], position=[2.0, 0.0, 1.4], fov=90.0)
request("new_episode", settings=dict(
    synchronous_mode=True, number_of_vehicles=0, number_of_pedestrians=0, weather_id=1, seed_vehicles=1, seed_pedestrians=2,
    sensors=[dict(camera, name="CameraRGB"), dict(camera, name="CameraDepth", post_processing="Depth")]))
frame = request("start_episode", player_start_index=0)  # the seed starts once, at position 0, and never resets

pub = ctx.socket(zmq.PUB)
pub.bind(f"tcp://127.0.0.1:{port}")
sub = ctx.socket(zmq.SUB)
sub.connect(f"tcp://127.0.0.1:{port + 1}")
sub.setsockopt_string(zmq.SUBSCRIBE, "")
time.sleep(0.1)

published, received, keys = 0, 0, set()
end = time.time() + seconds
last_action = None
control = dict(steer=0.0, throttle=0.0, brake=0.0)
while time.time() < end and (last_action is None or time.time() - last_action < 3):
    player = frame["player"]
    t = player["transform"]
    sensors = {}
    for sensor in frame["sensors"]:
        if "Camera" in sensor["name"]:
            bgra = sensor["image"]
            sensors[sensor["name"]] = bgra[..., 2::-1].tolist()  # BGRA -> RGB, nested lists as the seed sends
    message = dict(
        type="sensor_data", timestamp=time.time(),
        measurements=dict(
            position=[float(t[0]), float(t[1]), float(t[2])], rotation=[float(t[3]), float(t[4]), float(t[5])],
            velocity=float(player["forward_speed"]), acceleration=[float(a) for a in player["acceleration"]],
            collision_vehicles=float(player["collision_vehicles"]), collision_pedestrians=float(player["collision_pedestrians"]),
            collision_other=float(player["collision_other"]), intersection_otherlane=float(player["intersection_otherlane"]),
            intersection_offroad=float(player["intersection_offroad"])),
        sensors=sensors)
    pub.send(msgpack.packb(message))
    published += 1
    try:
        action = msgpack.unpackb(sub.recv(zmq.NOBLOCK), raw=False)  # the oldest queued action, as the seed takes it
        received += 1
        last_action = time.time()
        keys.update(action.keys())
        control = dict(steer=float(action.get("steering", 0.0)), throttle=float(action.get("throttle", 0.1)), brake=float(action.get("brake", 0.0)))
    except zmq.Again:
        control = dict(steer=0.0, throttle=0.0, brake=0.0)  # the seed's neutral action
    frame = request("step", control=control)
    time.sleep(0.01)

print(json.dumps(dict(published=published, received=received, keys=sorted(keys)), separators=(",", ":")))
