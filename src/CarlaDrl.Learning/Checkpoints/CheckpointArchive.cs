using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace CarlaDrl.Learning.Checkpoints;

/// <summary>
/// One checkpoint file: a zip of named entries plus <see cref="IndexEntry"/>, which lists every entry's SHA-256, so
/// a truncated or altered file is detected and reported with its name. Written atomically: to a temporary file in
/// the same directory, flushed to disk, then renamed over the target, so a crash never leaves a half-written
/// checkpoint under the real name.
/// </summary>
public static class CheckpointArchive
{
    public const string IndexEntry = "index.json";

    public static void Write(string path, IReadOnlyDictionary<string, byte[]> entries)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(entries);
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string temp = $"{fullPath}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
                {
                    var index = entries.ToDictionary(e => e.Key, e => Convert.ToHexString(SHA256.HashData(e.Value)));
                    Add(zip, IndexEntry, JsonSerializer.SerializeToUtf8Bytes(index));
                    foreach (var (name, data) in entries)
                    {
                        Add(zip, name, data);
                    }
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Reads every entry and checks it against the index; any problem is a <see cref="CheckpointException"/> naming the file.</summary>
    public static IReadOnlyDictionary<string, byte[]> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new CheckpointException(fullPath, "does not exist.");
        }

        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var zip = ZipFile.OpenRead(fullPath);
            foreach (var entry in zip.Entries)
            {
                using var input = entry.Open();
                using var buffer = new MemoryStream();
                input.CopyTo(buffer);
                entries[entry.FullName] = buffer.ToArray();
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            throw new CheckpointException(fullPath, $"is not a readable checkpoint (truncated or corrupt?): {ex.Message}", ex);
        }

        if (!entries.Remove(IndexEntry, out byte[]? indexBytes))
        {
            throw new CheckpointException(fullPath, $"has no {IndexEntry}; it was not written by CarlaDrl.");
        }

        Dictionary<string, string> index;
        try
        {
            index = JsonSerializer.Deserialize<Dictionary<string, string>>(indexBytes) ?? [];
        }
        catch (JsonException ex)
        {
            throw new CheckpointException(fullPath, $"has an unreadable {IndexEntry}: {ex.Message}", ex);
        }

        foreach (var (name, hash) in index)
        {
            if (!entries.TryGetValue(name, out byte[]? data))
            {
                throw new CheckpointException(fullPath, $"lacks the entry '{name}' its index lists.");
            }

            if (!string.Equals(Convert.ToHexString(SHA256.HashData(data)), hash, StringComparison.OrdinalIgnoreCase))
            {
                throw new CheckpointException(fullPath, $"is corrupt: entry '{name}' does not match its SHA-256.");
            }
        }

        return entries;
    }

    private static void Add(ZipArchive zip, string name, byte[] data)
    {
        using var output = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        output.Write(data);
    }
}
