using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CarlaDrl.Cli.Health;

/// <summary>
/// Who holds a local TCP port: tries to bind it on loopback, and on Linux finds the listening process through
/// /proc/net/tcp{,6} (socket inode) and /proc/&lt;pid&gt;/fd (which process has that inode open).
/// </summary>
internal static class PortOwners
{
    /// <summary>Null when the port is free on 127.0.0.1; otherwise who holds it ("pid 1234 (dotnet carla-drl.dll serve-carla …)" or "another process").</summary>
    public static string? Holder(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port) { ExclusiveAddressUse = true };
            listener.Start();
            listener.Stop();
            return null;
        }
        catch (SocketException)
        {
            return Owner(port) ?? "another process (its name is not visible to this user)";
        }
    }

    private static string? Owner(int port)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (string table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (string line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st … uid timeout inode
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && f[3] == "0A" && int.Parse(f[1][(f[1].IndexOf(':', StringComparison.Ordinal) + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    inodes.Add(f[9]);
                }
            }
        }

        if (inodes.Count == 0)
        {
            return null;
        }

        foreach (string process in Directory.EnumerateDirectories("/proc"))
        {
            string pid = Path.GetFileName(process);
            if (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                foreach (string fd in Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")))
                {
                    string? target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                    {
                        string command = File.ReadAllText(Path.Combine(process, "cmdline")).Replace('\0', ' ').Trim();
                        return $"pid {pid} ({(command.Length > 120 ? command[..120] + "…" : command)})";
                    }
                }
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // another user's process, or one that just ended
            }
        }

        return null;
    }
}
