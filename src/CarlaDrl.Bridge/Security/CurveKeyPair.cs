using System.Buffers;
using NetMQ;

namespace CarlaDrl.Bridge.Security;

/// <summary>
/// A CurveZMQ key pair (RFC 26): the 32-byte Curve25519 public key and, on the side that owns it, the secret key.
/// Keys are also held as Z85 text (ZeroMQ RFC 32), the 40-character form that zcert files and pyzmq use.
/// A pair without a secret key is what a client knows about its server.
/// </summary>
public sealed class CurveKeyPair
{
    /// <summary>Bytes in a Curve25519 key.</summary>
    public const int KeyBytes = 32;

    /// <summary>Characters in the Z85 text of a 32-byte key (5 characters per 4 bytes).</summary>
    public const int KeyZ85Chars = 40;

    private static readonly SearchValues<char> Z85Alphabet = SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#");

    private readonly byte[] _publicKey;
    private readonly byte[]? _secretKey;

    private CurveKeyPair(byte[] publicKey, byte[]? secretKey)
    {
        _publicKey = publicKey;
        _secretKey = secretKey;
        // NetMQ keeps its Z85 codec private; a public-only certificate encodes and decodes through it.
        PublicKeyZ85 = NetMQCertificate.FromPublicKey(publicKey).PublicKeyZ85;
        SecretKeyZ85 = secretKey is null ? null : NetMQCertificate.FromPublicKey(secretKey).PublicKeyZ85;
    }

    /// <summary>The public key as 40 Z85 characters.</summary>
    public string PublicKeyZ85 { get; }

    /// <summary>The secret key as 40 Z85 characters, or null for a public-only pair.</summary>
    public string? SecretKeyZ85 { get; }

    /// <summary>A copy of the 32-byte public key.</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>A copy of the 32-byte secret key, or null for a public-only pair.</summary>
    public byte[]? SecretKey => (byte[]?)_secretKey?.Clone();

    public bool HasSecretKey => _secretKey is not null;

    /// <summary>A fresh random pair from NetMQ's Curve25519 implementation.</summary>
    public static CurveKeyPair Generate()
    {
        var certificate = new NetMQCertificate();
        return new CurveKeyPair(certificate.PublicKey, certificate.SecretKey);
    }

    /// <summary>
    /// A pair from Z85 text. With a secret key the public key must be the one derived from it, so a hand-edited file
    /// cannot pair a server's secret with someone else's public key.
    /// </summary>
    /// <exception cref="FormatException">A key is not 40 Z85 characters, or the keys do not belong together.</exception>
    public static CurveKeyPair FromZ85(string publicKeyZ85, string? secretKeyZ85 = null)
    {
        ArgumentNullException.ThrowIfNull(publicKeyZ85);
        byte[] publicKey = DecodeZ85(publicKeyZ85, "public-key");
        return secretKeyZ85 is null ? new CurveKeyPair(publicKey, null) : WithSecret(publicKey, DecodeZ85(secretKeyZ85, "secret-key"));
    }

    /// <summary>A pair from raw 32-byte keys (copied); checked like <see cref="FromZ85"/>.</summary>
    /// <exception cref="FormatException">A key is not 32 bytes, or the keys do not belong together.</exception>
    public static CurveKeyPair FromBytes(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> secretKey = default)
    {
        if (publicKey.Length != KeyBytes)
        {
            throw new FormatException($"public-key must be {KeyBytes} bytes, got {publicKey.Length}.");
        }

        if (secretKey.IsEmpty)
        {
            return new CurveKeyPair(publicKey.ToArray(), null);
        }

        return secretKey.Length == KeyBytes
            ? WithSecret(publicKey.ToArray(), secretKey.ToArray())
            : throw new FormatException($"secret-key must be {KeyBytes} bytes, got {secretKey.Length}.");
    }

    /// <summary>The same public key without the secret: what may be handed to clients.</summary>
    public CurveKeyPair PublicOnly() => new((byte[])_publicKey.Clone(), null);

    /// <summary>NetMQ's form of this pair, for <see cref="NetMQSocket.Options"/>.</summary>
    internal NetMQCertificate ToCertificate() =>
        _secretKey is null ? NetMQCertificate.FromPublicKey(_publicKey) : new NetMQCertificate(_secretKey, _publicKey);

    private static byte[] DecodeZ85(string text, string field)
    {
        if (text.Length != KeyZ85Chars)
        {
            throw new FormatException($"{field} is not {KeyZ85Chars} Z85 characters (it has {text.Length}).");
        }

        int bad = text.AsSpan().IndexOfAnyExcept(Z85Alphabet);
        if (bad >= 0)
        {
            throw new FormatException($"{field} is not {KeyZ85Chars} Z85 characters ('{text[bad]}' at position {bad + 1} is not in the Z85 alphabet).");
        }

        return NetMQCertificate.FromPublicKey(text).PublicKey;
    }

    private static CurveKeyPair WithSecret(byte[] publicKey, byte[] secretKey)
    {
        byte[] derived = NetMQCertificate.CreateFromSecretKey(secretKey).PublicKey;
        return derived.AsSpan().SequenceEqual(publicKey)
            ? new CurveKeyPair(publicKey, secretKey)
            : throw new FormatException("public-key is not the one that belongs to secret-key.");
    }
}
