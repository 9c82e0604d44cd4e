#!/usr/bin/env python3
"""A CARLA 0.8.4 client peer for CI, written to behave exactly as the official PythonClient does
(spec section 13): TCPClient framing and errors (tcp.py), CarlaClient's connection order and episode calls
(client.py), the CarlaSettings INI text (settings.py, sensor.py) and the camera/lidar parsers with their
assertions. It drives serve-carla through the official client's typical uses and prints one JSON line.

usage: carla_peer.py HOST PORT PB2_DIR
PB2_DIR holds carla_server_pb2.py generated from src/CarlaDrl.Carla/Protocol/carla_server.proto.
"""

import configparser
import io
import json
import logging
import socket
import struct
import sys
import time

import numpy

sys.path.insert(0, sys.argv[3])
import carla_server_pb2 as carla_protocol  # noqa: E402


# -- tcp.py -------------------------------------------------------------------------------------

class TCPConnectionError(Exception):
    pass


class TCPClient(object):
    def __init__(self, host, port, timeout):
        self._host = host
        self._port = port
        self._timeout = timeout
        self._socket = None
        self._logprefix = '(%s:%s) ' % (self._host, self._port)

    def connect(self, connection_attempts=10):
        connection_attempts = max(1, connection_attempts)
        error = None
        for attempt in range(1, connection_attempts + 1):
            try:
                self._socket = socket.create_connection(address=(self._host, self._port), timeout=self._timeout)
                self._socket.settimeout(self._timeout)
                return
            except socket.error as exception:
                error = exception
                logging.debug('%sconnection attempt %d: %s', self._logprefix, attempt, error)
                time.sleep(1)
        raise TCPConnectionError('%s%s: %s' % (self._logprefix, 'failed to connect', error))

    def disconnect(self):
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def connected(self):
        return self._socket is not None

    def write(self, message):
        if self._socket is None:
            raise TCPConnectionError(self._logprefix + 'not connected')
        header = struct.pack('<L', len(message))
        try:
            self._socket.sendall(header + message)
        except socket.error as exception:
            raise TCPConnectionError('%sfailed to write data: %s' % (self._logprefix, exception))

    def read(self):
        header = self._read_n(4)
        if not header:
            raise TCPConnectionError(self._logprefix + 'connection closed')
        length = struct.unpack('<L', header)[0]
        data = self._read_n(length)
        return data

    def _read_n(self, length):
        if self._socket is None:
            raise TCPConnectionError(self._logprefix + 'not connected')
        buf = bytes()
        while length > 0:
            try:
                data = self._socket.recv(length)
            except socket.error as exception:
                raise TCPConnectionError('%sfailed to read data: %s' % (self._logprefix, exception))
            if not data:
                raise TCPConnectionError(self._logprefix + 'connection closed')
            buf += data
            length -= len(data)
        return buf


# -- sensor.py / settings.py ----------------------------------------------------------------------

class Sensor(object):
    def __init__(self, name, sensor_type):
        self.SensorName = name
        self.SensorType = sensor_type
        self.PositionX = 0.2
        self.PositionY = 0.0
        self.PositionZ = 1.3
        self.RotationPitch = 0.0
        self.RotationRoll = 0.0
        self.RotationYaw = 0.0

    def set(self, **kwargs):
        for key, value in kwargs.items():
            if not hasattr(self, key):
                raise ValueError('sensor.Sensor: no key named %r' % key)
            setattr(self, key, value)

    def set_position(self, x, y, z):
        self.PositionX, self.PositionY, self.PositionZ = x, y, z

    def set_rotation(self, pitch, yaw, roll):
        self.RotationPitch, self.RotationYaw, self.RotationRoll = pitch, yaw, roll


class Camera(Sensor):
    def __init__(self, name, **kwargs):
        super(Camera, self).__init__(name, sensor_type="CAMERA")
        self.PostProcessing = 'SceneFinal'
        self.ImageSizeX = 720
        self.ImageSizeY = 512
        self.FOV = 90.0
        self.set(**kwargs)

    def set_image_size(self, pixels_x, pixels_y):
        self.ImageSizeX = pixels_x
        self.ImageSizeY = pixels_y


class Lidar(Sensor):
    def __init__(self, name, **kwargs):
        super(Lidar, self).__init__(name, sensor_type="LIDAR_RAY_CAST")
        self.Channels = 32
        self.Range = 50.0
        self.PointsPerSecond = 56000
        self.RotationFrequency = 10.0
        self.UpperFovLimit = 10.0
        self.LowerFovLimit = -30.0
        self.ShowDebugPoints = False
        self.set(**kwargs)


class CarlaSettings(object):
    def __init__(self, **kwargs):
        self.SynchronousMode = True
        self.SendNonPlayerAgentsInfo = False
        self.QualityLevel = 'Epic'
        self.PlayerVehicle = None
        self.NumberOfVehicles = 20
        self.NumberOfPedestrians = 30
        self.WeatherId = 1
        self.SeedVehicles = None
        self.SeedPedestrians = None
        self.DisableTwoWheeledVehicles = False
        self.set(**kwargs)
        self._sensors = []

    def set(self, **kwargs):
        for key, value in kwargs.items():
            if not hasattr(self, key):
                raise ValueError('CarlaSettings: no key named %r' % key)
            setattr(self, key, value)

    def add_sensor(self, sensor):
        self._sensors.append(sensor)

    def __str__(self):
        ini = configparser.ConfigParser()
        ini.optionxform = str

        def get_attribs(obj):
            return [a for a in dir(obj) if not a.startswith('_') and not callable(getattr(obj, a))]

        def add_section(section, obj, keys):
            for key in keys:
                if hasattr(obj, key) and getattr(obj, key) is not None:
                    if not ini.has_section(section):
                        ini.add_section(section)
                    ini.set(section, key, str(getattr(obj, key)))

        add_section('CARLA/Server', self, ['SynchronousMode', 'SendNonPlayerAgentsInfo'])
        add_section('CARLA/QualitySettings', self, ['QualityLevel'])
        add_section('CARLA/LevelSettings', self, [
            'NumberOfVehicles', 'NumberOfPedestrians', 'WeatherId', 'SeedVehicles', 'SeedPedestrians',
            'DisableTwoWheeledVehicles'])
        ini.add_section('CARLA/Sensor')
        ini.set('CARLA/Sensor', 'Sensors', ','.join(s.SensorName for s in self._sensors))
        for sensor_def in self._sensors:
            add_section('CARLA/Sensor/' + sensor_def.SensorName, sensor_def, get_attribs(sensor_def))
        text = io.StringIO()
        ini.write(text)
        return text.getvalue().replace(' = ', '=')


# -- client.py (with the PEP 479 fix: the sensor generator returns on the empty message) ----------

class Image(object):
    def __init__(self, frame_number, width, height, image_type, fov, raw_data):
        assert len(raw_data) == 4 * width * height
        self.frame_number, self.width, self.height, self.type, self.fov, self.raw_data = \
            frame_number, width, height, image_type, fov, raw_data


class LidarMeasurement(object):
    def __init__(self, frame_number, horizontal_angle, channels, point_count_by_channel, points):
        assert numpy.sum(point_count_by_channel) == len(points), 'point count does not match'
        self.frame_number, self.horizontal_angle, self.channels = frame_number, horizontal_angle, channels
        self.point_count_by_channel, self.points = point_count_by_channel, points


class CarlaClient(object):
    def __init__(self, host, world_port, timeout=15):
        self._world_client = TCPClient(host, world_port, timeout)
        self._stream_client = TCPClient(host, world_port + 1, timeout)
        self._control_client = TCPClient(host, world_port + 2, timeout)
        self._current_settings = None
        self._is_episode_requested = False
        self._sensors = {}

    def connect(self, connection_attempts=10):
        self._world_client.connect(connection_attempts)

    def disconnect(self):
        self._control_client.disconnect()
        self._stream_client.disconnect()
        self._world_client.disconnect()

    def load_settings(self, carla_settings):
        self._current_settings = carla_settings
        return self._request_new_episode(carla_settings)

    def start_episode(self, player_start_index):
        if self._current_settings is None:
            raise RuntimeError('no settings loaded, cannot start episode')
        if not self._is_episode_requested:
            self._request_new_episode(self._current_settings)
        try:
            pb_message = carla_protocol.EpisodeStart()
            pb_message.player_start_spot_index = player_start_index
            self._world_client.write(pb_message.SerializeToString())
            data = self._world_client.read()
            if not data:
                raise RuntimeError('failed to read data from server')
            pb_message = carla_protocol.EpisodeReady()
            pb_message.ParseFromString(data)
            if not pb_message.ready:
                raise RuntimeError('cannot start episode: server failed to start episode')
            self._stream_client.connect()
            self._control_client.connect()
        finally:
            self._is_episode_requested = False

    def read_data(self):
        data = self._stream_client.read()
        if not data:
            raise RuntimeError('failed to read data from server')
        pb_message = carla_protocol.Measurements()
        pb_message.ParseFromString(data)
        return pb_message, dict(x for x in self._read_sensor_data())

    def send_control(self, *args, **kwargs):
        if isinstance(args[0] if args else None, carla_protocol.Control):
            pb_message = args[0]
        else:
            pb_message = carla_protocol.Control()
            pb_message.steer = kwargs.get('steer', 0.0)
            pb_message.throttle = kwargs.get('throttle', 0.0)
            pb_message.brake = kwargs.get('brake', 0.0)
            pb_message.hand_brake = kwargs.get('hand_brake', False)
            pb_message.reverse = kwargs.get('reverse', False)
        self._control_client.write(pb_message.SerializeToString())

    def _request_new_episode(self, carla_settings):
        self._stream_client.disconnect()
        self._control_client.disconnect()
        pb_message = carla_protocol.RequestNewEpisode()
        pb_message.ini_file = str(carla_settings)
        self._world_client.write(pb_message.SerializeToString())
        data = self._world_client.read()
        if not data:
            raise RuntimeError('failed to read data from server')
        pb_message = carla_protocol.SceneDescription()
        pb_message.ParseFromString(data)
        self._sensors = dict((s.id, s) for s in _make_sensor_parsers(pb_message.sensors))
        self._is_episode_requested = True
        return pb_message

    def _read_sensor_data(self):
        while True:
            data = self._stream_client.read()
            if not data:
                return  # PEP 479: the 0.8.4 code raises StopIteration here
            yield self._parse_sensor_data(data)

    def _parse_sensor_data(self, data):
        sensor_id = struct.unpack('<L', data[0:4])[0]
        parser = self._sensors[sensor_id]  # an unknown id raises KeyError, as in 0.8.4
        return parser.name, parser.parse_raw_data(data[4:])


def _make_sensor_parsers(sensors):
    image_types = ['None', 'SceneFinal', 'Depth', 'SemanticSegmentation']
    getimgtype = lambda id: image_types[id] if len(image_types) > id else 'Unknown'
    getint32 = lambda data, index: struct.unpack('<L', data[index*4:index*4+4])[0]
    getint64 = lambda data, index: struct.unpack('<Q', data[index*4:index*4+8])[0]
    getfloat = lambda data, index: struct.unpack('<f', data[index*4:index*4+4])[0]

    def parse_image(data):
        return Image(getint64(data, 0), getint32(data, 2), getint32(data, 3), getimgtype(getint32(data, 4)),
                     getfloat(data, 5), data[24:])

    def parse_lidar(data):
        channels = getint32(data, 3)
        header_size = 16
        counts = numpy.frombuffer(data[header_size:header_size+channels*4], dtype=numpy.dtype('uint32'))
        points = numpy.frombuffer(data[header_size+channels*4:], dtype=numpy.dtype('f4'))
        points = numpy.reshape(points, (int(points.shape[0]/3), 3))
        return LidarMeasurement(getint64(data, 0), getfloat(data, 2), channels, counts, points)

    class SensorDefinition(object):
        def __init__(self, s):
            self.id, self.name, self.type = s.id, s.name, s.type
            self.parse_raw_data = lambda x: x

    for s in sensors:
        d = SensorDefinition(s)
        if d.type == carla_protocol.Sensor.CAMERA:
            d.parse_raw_data = parse_image
        elif d.type == carla_protocol.Sensor.LIDAR_RAY_CAST:
            d.parse_raw_data = parse_lidar
        else:
            logging.error('unknown sensor type %s', d.type)
        yield d


# -- what a user of the official client does ------------------------------------------------------

def check(condition, message):
    if not condition:
        raise AssertionError(message)


def four_sensor_settings():
    settings = CarlaSettings()
    settings.set(SynchronousMode=True, SendNonPlayerAgentsInfo=True, NumberOfVehicles=5, NumberOfPedestrians=5,
                 WeatherId=3, SeedVehicles=7, SeedPedestrians=8)
    rgb = Camera('CameraRGB')
    rgb.set_image_size(64, 48)
    rgb.set_position(2.0, 0.0, 1.4)
    rgb.set_rotation(-15.0, 0, 0)
    settings.add_sensor(rgb)
    settings.add_sensor(Camera('CameraDepth', PostProcessing='Depth', ImageSizeX=32, ImageSizeY=24))
    settings.add_sensor(Camera('CameraSeg', PostProcessing='SemanticSegmentation', ImageSizeX=40, ImageSizeY=30))
    lidar = Lidar('Lidar32')
    lidar.set_position(0, 0, 2.5)
    lidar.set(Channels=8, PointsPerSecond=8000)
    settings.add_sensor(lidar)
    return settings


def drive(client, frames, expect_sensors):
    positions, timestamps, frame_numbers = [], [], []
    for _ in range(frames):
        measurements, sensor_data = client.read_data()
        player = measurements.player_measurements
        check(measurements.HasField('player_measurements'), 'no player_measurements')
        check(player.transform.HasField('orientation'), 'no deprecated orientation (the benchmark planner reads it)')
        positions.append((player.transform.location.x, player.transform.location.y))
        timestamps.append(measurements.game_timestamp)
        frame_numbers.append(measurements.frame_number)
        check(sorted(sensor_data.keys()) == sorted(expect_sensors), 'sensors %r' % sorted(sensor_data.keys()))
        for name, data in sensor_data.items():
            if isinstance(data, Image):
                check(data.frame_number == measurements.frame_number, 'image frame number')
            else:
                check(data.frame_number == measurements.frame_number & 0xFFFF, 'lidar frame number (16 bits)')
        control = player.autopilot_control
        control.throttle = max(control.throttle, 0.5)
        client.send_control(control)
    check(all(b - a == 100 for a, b in zip(timestamps, timestamps[1:])), 'game_timestamp steps %r' % timestamps[:5])
    check(all(b - a == 1 for a, b in zip(frame_numbers, frame_numbers[1:])), 'frame numbers')
    moved = ((positions[-1][0] - positions[0][0]) ** 2 + (positions[-1][1] - positions[0][1]) ** 2) ** 0.5
    return sensor_data, moved


def print_ini():
    """The INI the official client writes for defaults, seeds, and the CoRL 2017 camera (spec section 9)."""
    settings = CarlaSettings()
    settings.set(SeedVehicles=17, SeedPedestrians=42)
    settings.add_sensor(Camera('Cam'))
    settings.add_sensor(Lidar('L'))
    corl = CarlaSettings()
    corl.set(SendNonPlayerAgentsInfo=True, NumberOfVehicles=0, NumberOfPedestrians=0, WeatherId=1)
    camera = Camera('CameraRGB')
    camera.set(FOV=100)
    camera.set_image_size(800, 600)
    camera.set_position(2.0, 0.0, 1.4)
    camera.set_rotation(-15.0, 0, 0)
    corl.add_sensor(camera)
    print(json.dumps({'defaults': str(settings), 'corl2017': str(corl)}))


def main():
    if sys.argv[1] == '--print-ini':
        print_ini()
        return
    host, port = sys.argv[1], int(sys.argv[2])
    report = {}
    client = CarlaClient(host, port, timeout=15)
    client.connect()
    try:
        # The benchmark's throw-away episode (spec 12.2), with the benchmark's first control: an empty body.
        client.load_settings(CarlaSettings())
        client.start_episode(0)
        client.read_data()
        client.send_control(carla_protocol.Control())

        scene = client.load_settings(four_sensor_settings())
        check(scene.map_name == 'Town01', 'map_name %r' % scene.map_name)
        check(len(scene.player_start_spots) > 100, 'start spots')
        check(all(s.HasField('orientation') for s in scene.player_start_spots), 'spot orientation')
        check(len(set(s.id for s in scene.sensors)) == 4, 'unique sensor ids')
        report['spots'] = len(scene.player_start_spots)
        report['sensors'] = [s.name for s in scene.sensors]
        client.start_episode(3)
        sensor_data, moved = drive(client, 30, ['CameraRGB', 'CameraDepth', 'CameraSeg', 'Lidar32'])
        rgb, depth, seg, lidar = (sensor_data[n] for n in ['CameraRGB', 'CameraDepth', 'CameraSeg', 'Lidar32'])
        check((rgb.width, rgb.height, rgb.type) == (64, 48, 'SceneFinal'), 'rgb')
        check((depth.width, depth.height, depth.type) == (32, 24, 'Depth'), 'depth')
        check((seg.width, seg.height, seg.type) == (40, 30, 'SemanticSegmentation'), 'segmentation')
        labels = numpy.frombuffer(seg.raw_data, dtype=numpy.uint8).reshape(30, 40, 4)[:, :, 2]
        check(labels.max() <= 12, 'labels')
        check(lidar.channels == 8 and lidar.points.shape[1] == 3, 'lidar')
        check(moved > 2.0, 'the car moved only %.2f m' % moved)
        report['moved_m'] = round(moved, 2)

        # start_episode without a new load_settings repeats the request (one "level reload" per episode).
        client.start_episode(10)
        drive(client, 5, ['CameraRGB', 'CameraDepth', 'CameraSeg', 'Lidar32'])

        # load_settings twice in a row: the server answers a fresh scene each time.
        client.load_settings(four_sensor_settings())
        one = CarlaSettings(NumberOfVehicles=0, NumberOfPedestrians=0)
        one.add_sensor(Camera('Only', ImageSizeX=16, ImageSizeY=8))
        scene = client.load_settings(one)
        check([s.name for s in scene.sensors] == ['Only'], 'second scene %r' % [s.name for s in scene.sensors])
        # An out-of-range index starts at spot 0, as CARLA does.
        client.start_episode(100000)
        measurements, _ = client.read_data()
        spot = scene.player_start_spots[0].location
        distance = ((measurements.player_measurements.transform.location.x - spot.x) ** 2 +
                    (measurements.player_measurements.transform.location.y - spot.y) ** 2) ** 0.5
        check(distance < 2.0, 'out-of-range start index: %.2f m from spot 0' % distance)
        client.send_control(steer=0.0, throttle=1.0)
        drive(client, 3, ['Only'])
        report['ok'] = True
    finally:
        client.disconnect()
    print(json.dumps(report))


if __name__ == '__main__':
    main()
