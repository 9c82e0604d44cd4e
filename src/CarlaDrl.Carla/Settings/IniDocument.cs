namespace CarlaDrl.Carla.Settings;

/// <summary>
/// An INI text read the way the CARLA 0.8.4 server reads CarlaSettings (UE4 <c>FConfigFile</c>, spec §9): sections
/// in brackets, <c>key=value</c> lines, keys and section names case-insensitive, lines starting with <c>;</c> are
/// comments, values trimmed (and unquoted when in double quotes). A repeated key keeps its first value.
/// </summary>
public sealed class IniDocument
{
    private readonly Dictionary<string, Dictionary<string, string>> _sections = new(StringComparer.OrdinalIgnoreCase);

    private IniDocument()
    {
    }

    public static IniDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var document = new IniDocument();
        Dictionary<string, string>? section = null;
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.Trim();
            if (line.Length == 0 || line[0] == ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                int close = line.IndexOf(']', StringComparison.Ordinal);
                string name = (close > 0 ? line[1..close] : line[1..]).Trim();
                if (!document._sections.TryGetValue(name, out section))
                {
                    section = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    document._sections.Add(name, section);
                }

                continue;
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (section is null || equals <= 0)
            {
                continue;
            }

            string key = line[..equals].Trim();
            string value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            section.TryAdd(key, value);
        }

        return document;
    }

    public IEnumerable<string> SectionNames => _sections.Keys;

    public bool HasSection(string section) => _sections.ContainsKey(section);

    /// <summary>The raw value of <paramref name="key"/> in <paramref name="section"/>, or null when absent.</summary>
    public string? Get(string section, string key) =>
        _sections.TryGetValue(section, out Dictionary<string, string>? keys) && keys.TryGetValue(key, out string? value) ? value : null;
}
