using System.CommandLine;
using CarlaDrl.Bridge.Security;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// <c>carla-drl keys generate</c>: a CurveZMQ key pair for the ZeroMQ bridge, as the zcert files that czmq and pyzmq
/// read. The worker (the CURVE server) keeps <c>NAME.key_secret</c>; the trainer needs only <c>NAME.key</c>.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder for the key files (created).", DefaultValueFactory = _ => "keys" };
        var name = new Option<string>("--name") { Description = "File name stem: writes NAME.key (public) and NAME.key_secret (secret, mode 0600).", DefaultValueFactory = _ => "bridge" };
        var force = new Option<bool>("--force") { Description = "Overwrite existing key files (clients holding the old public key can no longer connect)." };
        var generate = new Command("generate", "Write a new CURVE key pair: NAME.key for the trainer, NAME.key_secret for the worker.");
        foreach (Option option in new Option[] { output, name, force })
        {
            generate.Options.Add(option);
        }

        generate.SetAction(result => CliErrors.Guard(() =>
        {
            string folder = result.GetValue(output) ?? "keys";
            string stem = result.GetValue(name) ?? "bridge";
            if (stem.Length == 0 || stem.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || stem.Contains('/', StringComparison.Ordinal))
            {
                throw new ArgumentException($"--name '{stem}' is not a file name.");
            }

            string? existing = new[] { CurveKeyFiles.SecretFilePath(folder, stem), CurveKeyFiles.PublicFilePath(folder, stem) }.FirstOrDefault(File.Exists);
            if (existing is not null && !result.GetValue(force))
            {
                throw new IOException($"{existing} already exists; pass --force to replace the key pair (the trainer then needs the new {stem}{CurveKeyFiles.PublicExtension}).");
            }

            CurveKeyPair pair = CurveKeyFiles.Generate();
            (string publicFile, string secretFile) = CurveKeyFiles.Save(pair, folder, stem, overwrite: true);
            System.Console.WriteLine($"wrote {secretFile} (secret, mode 0600: keep it on the worker only)");
            System.Console.WriteLine($"wrote {publicFile} (public key {pair.PublicKeyZ85})");
            System.Console.WriteLine("Encrypt the bridge with CURVE:");
            System.Console.WriteLine($"  worker  (CURVE server): --curve {secretFile}");
            System.Console.WriteLine($"  trainer (CURVE client): --curve {publicFile}");
            return 0;
        }));

        var command = new Command("keys", "CurveZMQ keys that encrypt and authenticate the ZeroMQ bridge.");
        command.Subcommands.Add(generate);
        return command;
    }
}
