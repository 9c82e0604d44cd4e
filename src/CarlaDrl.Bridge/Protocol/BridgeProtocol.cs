namespace CarlaDrl.Bridge.Protocol;

/// <summary>
/// Names and limits of the bridge protocol (docs/bridge-protocol.md): every message is one ZeroMQ frame holding one
/// msgpack map with string keys; <see cref="TypeKey"/> names the message and <see cref="SeqKey"/> pairs a reply with
/// its request.
/// </summary>
public static class BridgeProtocol
{
    /// <summary>The version this build speaks; a hello with another version gets an error naming both.</summary>
    public const int Version = 1;

    /// <summary>Default worker endpoint: loopback, the seed's observation port.</summary>
    public const string DefaultEndpoint = "tcp://127.0.0.1:5555";

    /// <summary>Requests larger than this get a <see cref="ErrorCodes.TooLarge"/> error (the connection survives).</summary>
    public const int DefaultMaxRequestBytes = 1 << 20;

    public const string TypeKey = "type";
    public const string SeqKey = "seq";

    /// <summary>Message types (the value of <see cref="TypeKey"/>).</summary>
    public static class Types
    {
        public const string Hello = "hello";
        public const string NewEpisode = "new_episode";
        public const string Scene = "scene";
        public const string StartEpisode = "start_episode";
        public const string Step = "step";
        public const string ReadFrame = "read_frame";
        public const string Frame = "frame";
        public const string Heartbeat = "heartbeat";
        public const string Busy = "busy";
        public const string Close = "close";
        public const string Bye = "bye";
        public const string Error = "error";
    }

    /// <summary>The <c>code</c> of an error message.</summary>
    public static class ErrorCodes
    {
        public const string Malformed = "malformed";
        public const string TooLarge = "too_large";
        public const string UnknownType = "unknown_type";
        public const string ProtocolVersion = "protocol_version";
        public const string NoSession = "no_session";
        public const string NoEpisode = "no_episode";
        public const string InvalidSettings = "invalid_settings";
        public const string WorldConnectionLost = "world_connection_lost";
        public const string WorldError = "world_error";
    }
}
