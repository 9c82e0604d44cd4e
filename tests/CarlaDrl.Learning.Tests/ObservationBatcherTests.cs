using CarlaDrl.Envs;
using CarlaDrl.Envs.Spaces;
using CarlaDrl.Learning.Normalization;
using CarlaDrl.Learning.Observations;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Tests;

public sealed class ObservationBatcherTests
{
    [Fact]
    public void Dict_observations_land_row_by_row_in_the_tensors()
    {
        var space = new DictSpace(
            ("camera", new Box<byte>(0, 255, 4, 4, 3)),
            ("a", new Box<float>(-10f, 10f, 2)),
            ("b", new Box<float>(-10f, 10f, 3)));
        var layout = ObservationLayout.FromSpace(space);
        var observations = Enumerable.Range(0, 3).Select(i => TestSpaces.SeedSample(space, i)).ToArray();
        var storage = ObservationTensors.Allocate(layout, 5);
        try
        {
            using var scope = NewDisposeScope();
            new ObservationBatcher<DictObservation>(layout).Write(observations, storage.Narrow(1, 3), updateStatistics: false);

            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(observations[i].Get<NDArray<byte>>("camera").Data, storage.Images[0][i + 1].data<byte>().ToArray());
                float[] vector = [.. observations[i].Get<NDArray<float>>("a").Data, .. observations[i].Get<NDArray<float>>("b").Data];
                Assert.Equal(vector, storage.Vector![i + 1].data<float>().ToArray());
            }

            Assert.Equal(0, storage.Images[0][0].sum().item<long>()); // untouched rows stay zero
            Assert.Equal(0f, storage.Vector![4].abs().sum().item<float>());
        }
        finally
        {
            storage.DisposeStorage();
        }
    }

    [Fact]
    public void Vector_observations_are_normalised_like_VecNormalize()
    {
        var space = new Box<float>(-100f, 100f, 2);
        var layout = ObservationLayout.FromSpace(space);
        var normalizer = new ObservationNormalizer(2);
        var batcher = new ObservationBatcher<NDArray<float>>(layout, normalizer);
        var observations = new[] { new NDArray<float>([2], [1f, 10f]), new NDArray<float>([2], [3f, 10f]) };
        var storage = ObservationTensors.Allocate(layout, 2);
        try
        {
            batcher.Write(observations, storage, updateStatistics: true);
            var rows = storage.Vector!.data<float>().ToArray();

            // mean ≈ (2, 10), var ≈ (1, 0) up to the 1e-4 prior count: (x - mean) / sqrt(var + 1e-8).
            Assert.Equal(-1f, rows[0], 3);
            Assert.Equal(1f, rows[2], 3);
            Assert.InRange(rows[1], -0.01f, 0.01f); // constant column: the prior's tiny variance keeps it finite
            Assert.Equal(2.0, normalizer.Statistics.Count, 3);
        }
        finally
        {
            storage.DisposeStorage();
        }
    }
}
