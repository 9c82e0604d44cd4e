using System.Globalization;
using System.Text;
using NetMQ;

namespace CarlaDrl.Bridge.Security;

/// <summary>
/// CURVE key files in ZeroMQ's zcert format (ZPL text, ZeroMQ RFC 4), as czmq's <c>zcert</c> and pyzmq's
/// <c>zmq.auth.create_certificates</c> write them: <c>NAME.key</c> holds the public key only and may be handed out;
/// <c>NAME.key_secret</c> holds both keys, is written with mode 0600 and stays on the server. Also the two calls that
/// put keys on a NetMQ socket: the side with the secret file is the CURVE server, the other side its client.
/// </summary>
public static class CurveKeyFiles
{
    /// <summary>Extension of the public certificate (<c>NAME.key</c>), as czmq and pyzmq name it.</summary>
    public const string PublicExtension = ".key";

    /// <summary>Extension of the secret certificate (<c>NAME.key_secret</c>).</summary>
    public const string SecretExtension = ".key_secret";

    // The banners pyzmq writes (zmq/auth/certs.py), with our name in place of pyzmq's.
    private const string PublicBanner =
        "#   ****  Generated on {0} by CarlaDrl  ****\n" +
        "#   ZeroMQ CURVE Public Certificate\n" +
        "#   Exchange securely, or use a secure mechanism to verify the contents\n" +
        "#   of this file after exchange. Store public certificates in your home\n" +
        "#   directory, in the .curve subdirectory.\n\n";

    private const string SecretBanner =
        "#   ****  Generated on {0} by CarlaDrl  ****\n" +
        "#   ZeroMQ CURVE **Secret** Certificate\n" +
        "#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n\n";

    /// <summary>A fresh random key pair (NetMQ's <see cref="NetMQCertificate"/>).</summary>
    public static CurveKeyPair Generate() => CurveKeyPair.Generate();

    /// <summary><c>DIRECTORY/NAME.key</c>.</summary>
    public static string PublicFilePath(string directory, string name) => Path.Combine(directory, name + PublicExtension);

    /// <summary><c>DIRECTORY/NAME.key_secret</c>.</summary>
    public static string SecretFilePath(string directory, string name) => Path.Combine(directory, name + SecretExtension);

    /// <summary>
    /// Writes <c>NAME.key</c> and <c>NAME.key_secret</c> into <paramref name="directory"/> (created if missing) and
    /// returns their paths. Without <paramref name="overwrite"/> an existing file of either name is an error and
    /// nothing is written.
    /// </summary>
    /// <exception cref="IOException">A file exists and <paramref name="overwrite"/> is false.</exception>
    public static (string PublicFile, string SecretFile) Save(CurveKeyPair pair, string directory, string name, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!pair.HasSecretKey)
        {
            throw new ArgumentException("Only a pair with a secret key can be saved as NAME.key and NAME.key_secret.", nameof(pair));
        }

        string publicFile = PublicFilePath(directory, name);
        string secretFile = SecretFilePath(directory, name);
        if (!overwrite && (File.Exists(publicFile) || File.Exists(secretFile)))
        {
            throw new IOException($"'{(File.Exists(secretFile) ? secretFile : publicFile)}' already exists; refusing to overwrite a key pair.");
        }

        Directory.CreateDirectory(directory);
        WriteSecretFile(secretFile, pair);
        WritePublicFile(publicFile, pair);
        return (publicFile, secretFile);
    }

    /// <summary>Writes a public certificate (public-key only); any secret key in <paramref name="pair"/> is left out.</summary>
    public static void WritePublicFile(string path, CurveKeyPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        WriteText(path, Format(PublicBanner, pair.PublicKeyZ85, secretKeyZ85: null), ownerOnly: false);
    }

    /// <summary>Writes a secret certificate (public-key and secret-key) readable and writable by its owner only (0600 on Unix).</summary>
    public static void WriteSecretFile(string path, CurveKeyPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        string secret = pair.SecretKeyZ85 ?? throw new ArgumentException("The pair has no secret key.", nameof(pair));
        WriteText(path, Format(SecretBanner, pair.PublicKeyZ85, secret), ownerOnly: true);
    }

    /// <summary>
    /// Reads either file: <c>NAME.key</c> gives a public-only pair, <c>NAME.key_secret</c> a pair with its secret key.
    /// Files from czmq or pyzmq read the same.
    /// </summary>
    /// <exception cref="CurveKeyException">The file is missing, is not a ZeroMQ certificate, or holds a malformed key.</exception>
    public static CurveKeyPair Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CurveKeyException(path, "does not exist.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CurveKeyException(path, $"cannot be read: {e.Message}", e);
        }

        (string? publicKey, string? secretKey) = ParseCurveSection(lines);
        if (publicKey is null)
        {
            throw new CurveKeyException(path, "is not a ZeroMQ certificate: it has no public-key in a 'curve' section (expected a NAME.key or NAME.key_secret file from 'carla-drl keys generate' or zmq.auth.create_certificates).");
        }

        try
        {
            return CurveKeyPair.FromZ85(publicKey, secretKey);
        }
        catch (FormatException e)
        {
            throw new CurveKeyException(path, $"is not a valid ZeroMQ certificate: {e.Message}", e);
        }
    }

    /// <summary>Reads a <c>NAME.key_secret</c> file; a public-only file is an error that says which file to pass instead.</summary>
    /// <exception cref="CurveKeyException">As <see cref="Load"/>, or the file has no secret key.</exception>
    public static CurveKeyPair LoadSecret(string path)
    {
        CurveKeyPair pair = Load(path);
        if (!pair.HasSecretKey)
        {
            string name = Path.GetFileNameWithoutExtension(path);
            throw new CurveKeyException(path, $"has no secret-key: pass the {name}{SecretExtension} file, not {name}{PublicExtension}.");
        }

        return pair;
    }

    /// <summary>Makes <paramref name="socket"/> a CURVE server with <paramref name="server"/>'s long-term keys; call before Bind.</summary>
    /// <exception cref="ArgumentException"><paramref name="server"/> has no secret key.</exception>
    public static void ApplyServer(NetMQSocket socket, CurveKeyPair server)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(server);
        if (!server.HasSecretKey)
        {
            throw new ArgumentException($"A CURVE server needs its secret key: load the NAME{SecretExtension} file, not NAME{PublicExtension}.", nameof(server));
        }

        socket.Options.CurveServer = true;
        socket.Options.CurveCertificate = server.ToCertificate();
    }

    /// <summary>
    /// Makes <paramref name="socket"/> a CURVE client of the server whose public key is <paramref name="serverPublic"/>;
    /// call before Connect. Without <paramref name="client"/> the client uses a fresh ephemeral pair, which is all a
    /// server without ZAP authentication (our bridge) asks for. A wrong server key fails the handshake: nothing passes.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="client"/> has no secret key.</exception>
    public static void ApplyClient(NetMQSocket socket, CurveKeyPair serverPublic, CurveKeyPair? client = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(serverPublic);
        client ??= CurveKeyPair.Generate();
        if (!client.HasSecretKey)
        {
            throw new ArgumentException("A CURVE client needs a key pair with a secret key.", nameof(client));
        }

        socket.Options.CurveServer = false;
        socket.Options.CurveCertificate = client.ToCertificate();
        socket.Options.CurveServerKey = serverPublic.PublicKey;
    }

    private static string Format(string banner, string publicKeyZ85, string? secretKeyZ85)
    {
        var text = new StringBuilder();
        text.Append(string.Format(CultureInfo.InvariantCulture, banner, DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)));
        text.Append("metadata\n");
        text.Append("curve\n");
        text.Append(CultureInfo.InvariantCulture, $"    public-key = \"{publicKeyZ85}\"\n");
        if (secretKeyZ85 is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"    secret-key = \"{secretKeyZ85}\"\n");
        }

        return text.ToString();
    }

    private static void WriteText(string path, string text, bool ownerOnly)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            // UnixCreateMode only applies to a new file, and an existing one keeps its mode: start from no file.
            File.Delete(path);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options))
        {
            writer.Write(text);
        }

        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>
    /// The public-key and secret-key of the top-level <c>curve</c> section. ZPL: a section name starts at column 0,
    /// its properties are indented, <c>#</c> starts a comment line, values may be quoted.
    /// </summary>
    private static (string? PublicKey, string? SecretKey) ParseCurveSection(string[] lines)
    {
        string? publicKey = null;
        string? secretKey = null;
        bool inCurve = false;
        foreach (string line in lines)
        {
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                inCurve = trimmed == "curve";
                continue;
            }

            int equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (!inCurve || equals < 0)
            {
                continue;
            }

            string key = trimmed[..equals].Trim();
            string value = trimmed[(equals + 1)..].Trim().Trim('"', '\'');
            if (key == "public-key")
            {
                publicKey = value;
            }
            else if (key == "secret-key")
            {
                secretKey = value;
            }
        }

        return (publicKey, secretKey);
    }
}
