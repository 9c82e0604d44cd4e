using CarlaDrl.Bridge.Security;
using CarlaDrl.TestKit;

namespace CarlaDrl.Cli.Tests;

/// <summary><c>carla-drl keys generate</c> as a real child process.</summary>
public sealed class KeysCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void Keys_generate_writes_loadable_files_says_how_to_use_them_and_refuses_to_overwrite()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"carla-drl-keys-{Guid.NewGuid():N}", "keys");
        try
        {
            ProcessResult result = ChildProcess.RunCli(Timeout, "keys", "generate", "--out", folder, "--name", "lab");
            Assert.True(result.ExitCode == 0, result.ToString());
            string publicFile = Path.Combine(folder, "lab.key");
            string secretFile = Path.Combine(folder, "lab.key_secret");
            CurveKeyPair secret = CurveKeyFiles.LoadSecret(secretFile);
            CurveKeyPair publicOnly = CurveKeyFiles.Load(publicFile);
            Assert.False(publicOnly.HasSecretKey);
            Assert.Equal(secret.PublicKeyZ85, publicOnly.PublicKeyZ85);
            Assert.Contains($"--curve {secretFile}", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"--curve {publicFile}", result.StandardOutput, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretFile));
            }

            ProcessResult again = ChildProcess.RunCli(Timeout, "keys", "generate", "--out", folder, "--name", "lab");
            Assert.Equal(2, again.ExitCode);
            Assert.Contains($"{secretFile} already exists; pass --force", again.StandardError, StringComparison.Ordinal);
            Assert.Equal(secret.SecretKeyZ85, CurveKeyFiles.LoadSecret(secretFile).SecretKeyZ85);

            ProcessResult forced = ChildProcess.RunCli(Timeout, "keys", "generate", "--out", folder, "--name", "lab", "--force");
            Assert.True(forced.ExitCode == 0, forced.ToString());
            Assert.NotEqual(secret.SecretKeyZ85, CurveKeyFiles.LoadSecret(secretFile).SecretKeyZ85);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }
}
