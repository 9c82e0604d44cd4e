#!/usr/bin/env python3
"""A stand-in for the seed's carla_zmq_client.py (seed-system.md section 3 and 4) with a synthetic car.

It speaks the wire schema exactly as the original does: a PUB that binds the observation port and publishes
msgpack.packb(dict) with nested-list images, a SUB that connects to port + 1, and one non-blocking receive per
frame, so the OLDEST queued action is applied (a missing one means the neutral action, a missing throttle 0.1).
The car drives along +x at a speed that follows the throttle it receives.

usage: seed_publisher.py PORT WANTED_ACTIONS DEADLINE_SECONDS
Prints one JSON line at the end: what it published and which action keys it saw.
"""
import json
import sys
import time

import msgpack
import msgpack_numpy
import zmq

msgpack_numpy.patch()  # as the seed does; every value is a plain Python type, so no ext types appear


def image(frame, blue):
    # 64 rows of 64 pixels of [R, G, B] ints 0..255, as ndarray.tolist() gives them
    return [[[(frame + row) % 256, (4 * col) % 256, blue] for col in range(64)] for row in range(64)]


def main():
    port, wanted, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    context = zmq.Context()
    pub = context.socket(zmq.PUB)
    pub.bind("tcp://127.0.0.1:%d" % port)
    sub = context.socket(zmq.SUB)
    sub.setsockopt(zmq.RCVTIMEO, 100)
    sub.connect("tcp://localhost:%d" % (port + 1))
    sub.setsockopt_string(zmq.SUBSCRIBE, "")
    time.sleep(0.1)

    x, speed, frames, actions = 100.0, 0.0, 0, 0
    key_sets, non_float, throttles = set(), 0, []
    deadline = time.time() + seconds
    while actions < wanted and time.time() < deadline:
        message = {
            "type": "sensor_data",
            "timestamp": time.time(),
            "measurements": {
                "position": [x, 50.0, 0.22],
                "rotation": [0.0, 0.0, 0.0],
                "velocity": speed,
                "acceleration": [0.0, 0.0, 0.0],
                "collision_vehicles": 0.0,
                "collision_pedestrians": 0.0,
                "collision_other": 0.0,
                "intersection_otherlane": 0.0,
                "intersection_offroad": 0.0,
            },
            "sensors": {"CameraRGB": image(frames, 200), "CameraDepth": image(frames, 7)},
        }
        pub.send(msgpack.packb(message))
        frames += 1

        try:
            action = msgpack.unpackb(sub.recv(zmq.NOBLOCK), raw=False)
        except zmq.Again:
            action = None
        if action is None:
            throttle = 0.0
        else:
            actions += 1
            key_sets.add(",".join(sorted(action.keys())))
            non_float += sum(1 for v in action.values() if type(v) is not float)
            throttle = max(0.0, min(1.0, action.get("throttle", 0.1)))
            throttles.append(throttle)

        speed = 10.0 * throttle
        x += speed * 0.05
        time.sleep(0.01)

    print(json.dumps({
        "frames": frames,
        "actions": actions,
        "key_sets": sorted(key_sets),
        "non_float_values": non_float,
        "mean_throttle": sum(throttles) / len(throttles) if throttles else 0.0,
        "final_x": x,
    }))
    pub.close(linger=500)
    sub.close(linger=0)
    context.term()


if __name__ == "__main__":
    main()
