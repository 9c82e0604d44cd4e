using CarlaDrl.Bridge.Security;

namespace CarlaDrl.Bridge.Tests.Security;

/// <summary>Key pairs through zcert files: round trips, file modes, and the errors a user sees for a wrong or broken file.</summary>
public sealed class CurveKeyFilesTests
{
    private const string ValidKey = "Jjg+kcI7nJjP4By42s}xgq*%!EyP[Syjk5qHf&bd";

    [Fact]
    public void Generate_gives_a_pair_whose_text_and_bytes_agree()
    {
        CurveKeyPair pair = CurveKeyFiles.Generate();
        Assert.True(pair.HasSecretKey);
        Assert.Equal(CurveKeyPair.KeyBytes, pair.PublicKey.Length);
        Assert.Equal(CurveKeyPair.KeyBytes, pair.SecretKey!.Length);
        Assert.Equal(CurveKeyPair.KeyZ85Chars, pair.PublicKeyZ85.Length);
        Assert.Equal(CurveKeyPair.KeyZ85Chars, pair.SecretKeyZ85!.Length);
        CurveKeyPair fromBytes = CurveKeyPair.FromBytes(pair.PublicKey, pair.SecretKey);
        Assert.Equal(pair.PublicKeyZ85, fromBytes.PublicKeyZ85);
        Assert.Equal(pair.SecretKeyZ85, fromBytes.SecretKeyZ85);
        Assert.NotEqual(pair.PublicKeyZ85, CurveKeyFiles.Generate().PublicKeyZ85);
    }

    [Fact]
    public void Save_then_load_round_trips_the_public_and_the_secret_file()
    {
        using var folder = new TempFolder();
        CurveKeyPair pair = CurveKeyFiles.Generate();
        (string publicFile, string secretFile) = CurveKeyFiles.Save(pair, folder.Path, "bridge");
        Assert.Equal(folder.File("bridge.key"), publicFile);
        Assert.Equal(folder.File("bridge.key_secret"), secretFile);

        CurveKeyPair secret = CurveKeyFiles.LoadSecret(secretFile);
        Assert.Equal(pair.PublicKeyZ85, secret.PublicKeyZ85);
        Assert.Equal(pair.SecretKeyZ85, secret.SecretKeyZ85);
        Assert.Equal(pair.SecretKey, secret.SecretKey);

        CurveKeyPair publicOnly = CurveKeyFiles.Load(publicFile);
        Assert.False(publicOnly.HasSecretKey);
        Assert.Null(publicOnly.SecretKeyZ85);
        Assert.Equal(pair.PublicKey, publicOnly.PublicKey);
        Assert.DoesNotContain(pair.SecretKeyZ85!, File.ReadAllText(publicFile), StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_file_is_private_to_its_owner_even_when_overwritten()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes; CI runs on Linux
        }

        using var folder = new TempFolder();
        string secretFile = folder.File("bridge.key_secret");
        File.WriteAllText(secretFile, "old");
        File.SetUnixFileMode(secretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        CurveKeyFiles.Save(CurveKeyFiles.Generate(), folder.Path, "bridge", overwrite: true);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretFile));
    }

    [Fact]
    public void Save_refuses_to_overwrite_without_being_asked()
    {
        using var folder = new TempFolder();
        CurveKeyPair first = CurveKeyFiles.Generate();
        CurveKeyFiles.Save(first, folder.Path, "bridge");
        IOException error = Assert.Throws<IOException>(() => CurveKeyFiles.Save(CurveKeyFiles.Generate(), folder.Path, "bridge"));
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal(first.PublicKeyZ85, CurveKeyFiles.Load(folder.File("bridge.key")).PublicKeyZ85);
    }

    [Fact]
    public void Loading_the_public_file_as_the_secret_says_which_file_to_pass()
    {
        using var folder = new TempFolder();
        (string publicFile, _) = CurveKeyFiles.Save(CurveKeyFiles.Generate(), folder.Path, "worker");
        CurveKeyException error = Assert.Throws<CurveKeyException>(() => CurveKeyFiles.LoadSecret(publicFile));
        Assert.Equal(publicFile, error.FilePath);
        Assert.Contains(publicFile, error.Message, StringComparison.Ordinal);
        Assert.Contains("has no secret-key: pass the worker.key_secret file, not worker.key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        using var folder = new TempFolder();
        string path = folder.File("nothing.key");
        CurveKeyException error = Assert.Throws<CurveKeyException>(() => CurveKeyFiles.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello world\n")]
    [InlineData("{\"public-key\": \"x\"}\n")]
    [InlineData("metadata\n    public-key = \"" + ValidKey + "\"\n")] // a key outside the curve section
    [InlineData("curve\n#    public-key = \"" + ValidKey + "\"\n")] // commented out
    public void A_file_that_is_no_certificate_is_named(string text)
    {
        using var folder = new TempFolder();
        string path = folder.File("bridge.key");
        File.WriteAllText(path, text);
        CurveKeyException error = Assert.Throws<CurveKeyException>(() => CurveKeyFiles.Load(path));
        Assert.Contains($"'{path}' is not a ZeroMQ certificate", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Jjg+kcI7nJjP4By42s}xgq*%!EyP[Syjk5qHf&b", "public-key is not 40 Z85 characters (it has 39)")]
    [InlineData("Jjg+kcI7nJjP4By42s}xgq*%!EyP[Syjk5qHf&bdX", "public-key is not 40 Z85 characters (it has 41)")]
    [InlineData("Jjg+kcI7nJjP4By42s}xgq*%!EyP[Syjk5qHf&b~", "'~' at position 40 is not in the Z85 alphabet")]
    [InlineData("", "public-key is not 40 Z85 characters (it has 0)")]
    public void A_malformed_public_key_is_named(string key, string expected)
    {
        using var folder = new TempFolder();
        string path = folder.File("bridge.key");
        File.WriteAllText(path, $"metadata\ncurve\n    public-key = \"{key}\"\n");
        CurveKeyException error = Assert.Throws<CurveKeyException>(() => CurveKeyFiles.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_key_with_someone_elses_public_key_is_refused()
    {
        using var folder = new TempFolder();
        string path = folder.File("bridge.key_secret");
        CurveKeyPair mine = CurveKeyFiles.Generate();
        CurveKeyPair theirs = CurveKeyFiles.Generate();
        File.WriteAllText(path, $"curve\n    public-key = \"{theirs.PublicKeyZ85}\"\n    secret-key = \"{mine.SecretKeyZ85}\"\n");
        CurveKeyException error = Assert.Throws<CurveKeyException>(() => CurveKeyFiles.LoadSecret(path));
        Assert.Contains("public-key is not the one that belongs to secret-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_czmq_style_file_with_metadata_and_single_quotes_loads()
    {
        using var folder = new TempFolder();
        string path = folder.File("peer.key_secret");
        CurveKeyPair pair = CurveKeyFiles.Generate();
        File.WriteAllText(path, $"#   ****  Generated by CZMQ  ****\n\nmetadata\n    name = \"worker\"\ncurve\n    public-key = '{pair.PublicKeyZ85}'\n    secret-key = \"{pair.SecretKeyZ85}\"\n");
        CurveKeyPair loaded = CurveKeyFiles.LoadSecret(path);
        Assert.Equal(pair.SecretKeyZ85, loaded.SecretKeyZ85);
    }
}
