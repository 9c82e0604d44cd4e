using System.Net.Sockets;

namespace CarlaDrl.Cli.Viewer;

/// <summary>Whether a window can open here: on Linux an X11 or Wayland display must be named and answer.</summary>
internal static class Displays
{
    /// <summary>Null when a display is there; else what is missing, in words.</summary>
    public static string? WhyNoDisplay()
    {
        if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
        {
            return null;
        }

        string? display = Environment.GetEnvironmentVariable("DISPLAY");
        string? wayland = Environment.GetEnvironmentVariable("WAYLAND_DISPLAY");
        if (string.IsNullOrWhiteSpace(display))
        {
            return string.IsNullOrWhiteSpace(wayland)
                ? "no display (DISPLAY is not set)"
                : null; // GTK talks Wayland directly
        }

        // A local display ":N" (or "unix:N") is the socket /tmp/.X11-unix/XN: check that a server listens, because GTK
        // cannot recover from a display that does not answer.
        string spec = display.Trim();
        if (spec.StartsWith(':') || spec.StartsWith("unix:", StringComparison.Ordinal))
        {
            string number = spec[(spec.IndexOf(':') + 1)..].Split('.')[0];
            string socket = $"/tmp/.X11-unix/X{number}";
            try
            {
                using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                probe.Connect(new UnixDomainSocketEndPoint(socket));
            }
            catch (SocketException e)
            {
                return $"no X server answers at DISPLAY={display} (nothing listens on {socket}: {e.SocketErrorCode})";
            }
        }

        return null;
    }
}
