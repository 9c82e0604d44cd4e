#!/usr/bin/env python3
"""Drives serve-carla with the *official* CARLA 0.8.4 PythonClient, unmodified on disk (docs/carla.md).

usage: official_client_check.py PYTHONCLIENT_DIR HOST PORT

PYTHONCLIENT_DIR is the folder holding the official `carla` package (PythonClient/ at tag 0.8.4). The only change
is made at run time: the PEP 479 fix (spec section 13), since Python >= 3.7 turns the StopIteration that ends
CarlaClient._read_sensor_data into a RuntimeError on every read_data().
"""

import json
import random
import struct
import sys

sys.path.insert(0, sys.argv[1])

from carla import client as carla_client  # noqa: E402
from carla.client import make_carla_client  # noqa: E402
from carla.sensor import Camera, Lidar  # noqa: E402
from carla.settings import CarlaSettings  # noqa: E402
from carla import image_converter  # noqa: E402


def _read_sensor_data(self):
    while True:
        data = self._stream_client.read()
        if not data:
            return
        yield self._parse_sensor_data(data)


carla_client.CarlaClient._read_sensor_data = _read_sensor_data  # the PEP 479 fix, at run time only


def settings_for(episode):
    # client_example.py's settings, plus a segmentation camera and its lidar.
    settings = CarlaSettings()
    settings.set(SynchronousMode=True, SendNonPlayerAgentsInfo=True, NumberOfVehicles=20, NumberOfPedestrians=40,
                 WeatherId=random.choice([1, 3, 7, 8, 14]), QualityLevel='Epic')
    settings.randomize_seeds()
    camera0 = Camera('CameraRGB')
    camera0.set_image_size(800, 600)
    camera0.set_position(0.30, 0, 1.30)
    settings.add_sensor(camera0)
    camera1 = Camera('CameraDepth', PostProcessing='Depth')
    camera1.set_image_size(800, 600)
    camera1.set_position(0.30, 0, 1.30)
    settings.add_sensor(camera1)
    camera2 = Camera('CameraSeg', PostProcessing='SemanticSegmentation')
    camera2.set_image_size(200, 150)
    settings.add_sensor(camera2)
    lidar = Lidar('Lidar32')
    lidar.set_position(0, 0, 2.50)
    lidar.set_rotation(0, 0, 0)
    lidar.set(Channels=32, Range=50, PointsPerSecond=100000, RotationFrequency=10, UpperFovLimit=10, LowerFovLimit=-30)
    settings.add_sensor(lidar)
    return settings


def main():
    host, port = sys.argv[2], int(sys.argv[3])
    report = {'episodes': []}
    with make_carla_client(host, port) as client:
        # The driving benchmark's throw-away episode and first (empty) control.
        client.load_settings(CarlaSettings())
        client.start_episode(0)
        client.read_data()
        client.send_control(carla_client.VehicleControl())
        for episode in range(3):
            scene = client.load_settings(settings_for(episode))
            start = random.randint(0, max(0, len(scene.player_start_spots) - 1))
            client.start_episode(start)
            first = None
            for frame in range(100):
                measurements, sensor_data = client.read_data()
                player = measurements.player_measurements
                first = first or (player.transform.location.x, player.transform.location.y)
                rgb = image_converter.to_rgb_array(sensor_data['CameraRGB'])
                depth = image_converter.depth_to_array(sensor_data['CameraDepth'])
                labels = image_converter.labels_to_array(sensor_data['CameraSeg'])
                lidar = sensor_data['Lidar32']
                assert rgb.shape == (600, 800, 3) and depth.shape == (600, 800) and labels.shape == (150, 200)
                assert lidar.point_cloud.array.shape[1] == 3
                control = player.autopilot_control
                control.steer += random.uniform(-0.1, 0.1)
                client.send_control(control)
            last = (player.transform.location.x, player.transform.location.y)
            report['episodes'].append({
                'map': scene.map_name, 'spots': len(scene.player_start_spots), 'start': start,
                'sensors': [s.name for s in scene.sensors], 'game_ms': measurements.game_timestamp,
                'moved_m': round(((last[0] - first[0]) ** 2 + (last[1] - first[1]) ** 2) ** 0.5, 1),
                'agents': len(measurements.non_player_agents), 'lidar_points': int(lidar.point_cloud.array.shape[0]),
                'depth_m_center': round(float(depth[300, 400]) * 1000, 1), 'labels': sorted(set(int(v) for v in labels.flatten())),
            })
    print(json.dumps(report))


if __name__ == '__main__':
    main()
