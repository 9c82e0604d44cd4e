using System.Text.Json;
using System.Text.Json.Serialization;

namespace CarlaDrl.Learning.Checkpoints;

/// <summary>JSON with the configuration's snake_case keys, as the YAML files and checkpoints spell them.</summary>
internal static class CheckpointJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
