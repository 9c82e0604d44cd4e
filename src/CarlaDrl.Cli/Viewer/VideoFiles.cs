using OpenCvSharp;

namespace CarlaDrl.Cli.Viewer;

/// <summary>
/// Opens a video for writing with a codec that works here (ENVIRONMENT.md): <c>.mp4</c> with mp4v, <c>.avi</c> with
/// MJPG; H.264 and WebM are not available. Fails naming the file and what to do.
/// </summary>
internal static class VideoFiles
{
    public static VideoWriter Open(string path, double fps, Size size)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (fps is <= 0 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(fps), fps, "The video frame rate must be in (0, 1000].");
        }

        (FourCC Codec, string Name) chosen = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".mp4" => (FourCC.FromString("mp4v"), "mp4v"),
            ".avi" => (FourCC.MJPG, "MJPG"),
            _ => throw new ArgumentException($"Cannot record '{path}': the video must end in .mp4 (mp4v) or .avi (MJPG)."),
        };
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var video = new VideoWriter(path, chosen.Codec, fps, size);
        if (!video.IsOpened())
        {
            video.Dispose();
            throw new IOException($"OpenCV could not open '{path}' for writing ({chosen.Name}); check that the directory is writable.");
        }

        return video;
    }
}
