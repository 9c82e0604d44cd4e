using CarlaDrl.Bridge.Security;

namespace CarlaDrl.Bridge.Tests.Security;

/// <summary>Our key files and pyzmq's (<c>zmq.auth</c>) are the same files: each side reads what the other writes.</summary>
public sealed class PyZmqCertificateTests
{
    private const string LoadScript = "import sys, zmq.auth\npublic, secret = zmq.auth.load_certificate(sys.argv[1])\nprint(public.decode())\nprint(secret.decode() if secret else 'None')";

    [Fact]
    public void Pyzmq_loads_our_public_and_secret_files()
    {
        using var folder = new TempFolder();
        CurveKeyPair pair = CurveKeyFiles.Generate();
        (string publicFile, string secretFile) = CurveKeyFiles.Save(pair, folder.Path, "bridge");

        string[] fromSecret = Lines(PyZmq.Run("-c", LoadScript, secretFile));
        Assert.Equal([pair.PublicKeyZ85, pair.SecretKeyZ85!], fromSecret);
        string[] fromPublic = Lines(PyZmq.Run("-c", LoadScript, publicFile));
        Assert.Equal([pair.PublicKeyZ85, "None"], fromPublic);
    }

    [Fact]
    public void We_load_the_pair_that_pyzmq_creates()
    {
        using var folder = new TempFolder();
        string[] created = Lines(PyZmq.Run("-c",
            "import sys, zmq.auth\npublic_file, secret_file = zmq.auth.create_certificates(sys.argv[1], 'trainer', metadata={'owner': 'test'})\n" +
            "public, secret = zmq.auth.load_certificate(secret_file)\nprint(public.decode())\nprint(secret.decode())",
            folder.Path));

        CurveKeyPair secret = CurveKeyFiles.LoadSecret(folder.File("trainer.key_secret"));
        Assert.Equal(created[0], secret.PublicKeyZ85);
        Assert.Equal(created[1], secret.SecretKeyZ85);
        CurveKeyPair publicOnly = CurveKeyFiles.Load(folder.File("trainer.key"));
        Assert.Equal(created[0], publicOnly.PublicKeyZ85);
        Assert.False(publicOnly.HasSecretKey);
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
