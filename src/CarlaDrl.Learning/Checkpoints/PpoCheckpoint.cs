using System.Text;
using System.Text.Json;
using CarlaDrl.Learning.Algorithms;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Checkpoints;

/// <summary>
/// PPO checkpoints (DESIGN.md §3.6), one self-contained <see cref="CheckpointArchive"/> per checkpoint:
/// <c>checkpoint.json</c> (<see cref="PpoCheckpointInfo"/>: config, counters, minibatch-shuffle RNG state, normaliser
/// statistics, the last episodes for <c>rollout/ep_rew_mean</c>), <c>policy.bin</c> (TorchSharp state dict),
/// <c>optimizer.bin</c> (Adam's step counts and first and second moments, per parameter) and
/// <c>torch_generator.bin</c> (the action-sampling generator's state).
/// <para>
/// Not in a checkpoint: the envs (their episodes in flight, their RNGs) and the reward normaliser's per-env running
/// returns. Loading into a PPO whose envs sit where they were at saving time (same process, rollout boundary)
/// therefore continues exactly as if never interrupted; loading into a fresh process resets the envs on the next
/// rollout, so training continues from the same weights, optimizer, counters and random streams but new episodes.
/// </para>
/// </summary>
public static class PpoCheckpoint
{
    public const int FormatVersion = 1;

    private const string InfoEntry = "checkpoint.json";
    private const string PolicyEntry = "policy.bin";
    private const string OptimizerEntry = "optimizer.bin";
    private const string GeneratorEntry = "torch_generator.bin";
    private const string AttachmentPrefix = "attachments/";

    public static void Save<TObs>(Ppo<TObs> ppo, string path)
        where TObs : notnull
    {
        ArgumentNullException.ThrowIfNull(ppo);
        var info = new PpoCheckpointInfo
        {
            CreatedUnixSeconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
            ObservationLayout = ppo.Policy.Layout.ToString(),
            ActionDim = ppo.Policy.ActionDim,
            Config = ppo.Config,
            NumTimesteps = ppo.NumTimesteps,
            Iterations = ppo.Iterations,
            NUpdates = ppo.NUpdates,
            GradientSteps = ppo.GradientSteps,
            TotalTimesteps = ppo.TotalTimesteps,
            ShuffleRng = ppo.ShuffleRng.GetState(),
            ObservationStatistics = ppo.ObservationNormalizer?.GetState(),
            RewardStatistics = ppo.RewardNormalizer?.GetState(),
            Episodes = ppo.Episodes.GetState(),
        };
        using var generatorState = ppo.Generator.get_state();
        var entries = new Dictionary<string, byte[]>
        {
            [InfoEntry] = Encoding.UTF8.GetBytes(CheckpointJson.Serialize(info)),
            [PolicyEntry] = ToBytes(stream => ppo.Policy.save(stream)),
            [OptimizerEntry] = ToBytes(stream => ppo.Optimizer.save_state_dict(new BinaryWriter(stream))),
            [GeneratorEntry] = generatorState.data<byte>().ToArray(),
        };
        foreach ((string key, byte[] value) in ppo.Attachments)
        {
            entries[AttachmentPrefix + key] = value;
        }

        CheckpointArchive.Write(path, entries);
    }

    /// <summary>The checkpoint's <see cref="Ppo{TObs}.Attachments"/> (application data saved with it).</summary>
    public static IReadOnlyDictionary<string, byte[]> ReadAttachments(string path) =>
        CheckpointArchive.Read(path)
            .Where(e => e.Key.StartsWith(AttachmentPrefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Key[AttachmentPrefix.Length..], e => e.Value, StringComparer.Ordinal);

    /// <summary>The checkpoint's metadata and config, e.g. to build the <see cref="Ppo{TObs}"/> to resume with.</summary>
    public static PpoCheckpointInfo ReadInfo(string path) => ParseInfo(path, CheckpointArchive.Read(path));

    public static void Load<TObs>(Ppo<TObs> ppo, string path)
        where TObs : notnull
    {
        ArgumentNullException.ThrowIfNull(ppo);
        string fullPath = Path.GetFullPath(path);
        var entries = CheckpointArchive.Read(fullPath);
        var info = ParseInfo(fullPath, entries);
        string layout = ppo.Policy.Layout.ToString();
        if (info.ObservationLayout != layout || info.ActionDim != ppo.Policy.ActionDim
            || CheckpointJson.Serialize(info.Config.Policy) != CheckpointJson.Serialize(ppo.Config.Policy))
        {
            throw new CheckpointException(fullPath, $"holds a network for observations '{info.ObservationLayout}' and {info.ActionDim} actions with policy {CheckpointJson.Serialize(info.Config.Policy)}, which differs from this one ('{layout}', {ppo.Policy.ActionDim} actions).");
        }

        if ((info.ObservationStatistics is null) != (ppo.ObservationNormalizer is null) || (info.RewardStatistics is null) != (ppo.RewardNormalizer is null))
        {
            throw new CheckpointException(fullPath, "was saved with different ppo.normalize_observations / ppo.normalize_rewards settings than this run's.");
        }

        try
        {
            using (var stream = new MemoryStream(Require(entries, PolicyEntry, fullPath)))
            {
                ppo.Policy.load(stream, strict: true);
            }

            using (var reader = new BinaryReader(new MemoryStream(Require(entries, OptimizerEntry, fullPath))))
            {
                ppo.Optimizer.load_state_dict(reader);
            }

            using var state = tensor(Require(entries, GeneratorEntry, fullPath), ScalarType.Byte);
            ppo.Generator.set_state(state);
        }
        catch (Exception ex) when (ex is not CheckpointException)
        {
            throw new CheckpointException(fullPath, $"could not be loaded into the network or optimizer: {ex.Message}", ex);
        }

        ppo.Attachments.Clear();
        foreach ((string key, byte[] value) in entries.Where(e => e.Key.StartsWith(AttachmentPrefix, StringComparison.Ordinal)))
        {
            ppo.Attachments[key[AttachmentPrefix.Length..]] = value;
        }

        ppo.NumTimesteps = info.NumTimesteps;
        ppo.Iterations = info.Iterations;
        ppo.NUpdates = info.NUpdates;
        ppo.GradientSteps = info.GradientSteps;
        ppo.TotalTimesteps = info.TotalTimesteps;
        ppo.ShuffleRng.SetState(info.ShuffleRng);
        if (info.ObservationStatistics is not null)
        {
            ppo.ObservationNormalizer!.SetState(info.ObservationStatistics);
        }

        if (info.RewardStatistics is not null)
        {
            ppo.RewardNormalizer!.SetState(info.RewardStatistics);
        }

        if (info.Episodes is not null)
        {
            ppo.Episodes.SetState(info.Episodes);
        }
    }

    private static PpoCheckpointInfo ParseInfo(string path, IReadOnlyDictionary<string, byte[]> entries)
    {
        PpoCheckpointInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<PpoCheckpointInfo>(Require(entries, InfoEntry, path), CheckpointJson.Options);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new CheckpointException(path, $"has an unreadable {InfoEntry}: {ex.Message}", ex);
        }

        if (info is null || info.Algorithm != "ppo" || info.FormatVersion != FormatVersion)
        {
            throw new CheckpointException(path, $"is not a PPO checkpoint of format {FormatVersion} (algorithm '{info?.Algorithm}', format {info?.FormatVersion}).");
        }

        return info;
    }

    private static byte[] Require(IReadOnlyDictionary<string, byte[]> entries, string name, string path) =>
        entries.TryGetValue(name, out byte[]? data) ? data : throw new CheckpointException(path, $"has no '{name}' entry.");

    private static byte[] ToBytes(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }
}
