namespace CarlaDrl.Envs.Tests;

public sealed class InfoTests
{
    [Fact]
    public void Numbers_and_objects_are_stored_and_read_back()
    {
        var info = new Info();
        info.Set("speed", 3.5);
        info.Set("lap", 2);
        info.Set("reason", "collision");

        Assert.Equal(3.5, info.GetNumber("speed"));
        Assert.Equal(2.0, info.GetNumber("lap"));
        Assert.Equal(3.5, info.Get<double>("speed"));
        Assert.Equal("collision", info.Get<string>("reason"));
        Assert.True(info.TryGet("reason", out string? reason) && reason == "collision");
        Assert.False(info.TryGetNumber("reason", out _));
        Assert.Equal(3, info.Count);
    }

    [Fact]
    public void A_key_lives_in_one_store_only()
    {
        var info = new Info();
        info.Set("x", 1.0);
        info.Set("x", "text");
        Assert.False(info.TryGetNumber("x", out _));
        Assert.Single(info);
        info.Set("x", 2.0);
        Assert.Equal(2.0, info.GetNumber("x"));
        Assert.Single(info);
    }

    [Fact]
    public void Errors_name_the_key_the_available_keys_and_the_types()
    {
        var info = new Info();
        info.Set("speed", 1.0);
        info.Set("reason", "collision");

        var missing = Assert.Throws<KeyNotFoundException>(() => info.GetNumber("lap"));
        Assert.Contains("'lap'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'speed'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'reason'", missing.Message, StringComparison.Ordinal);

        var wrongType = Assert.Throws<InvalidCastException>(() => info.Get<Version>("reason"));
        Assert.Contains("string, not Version", wrongType.Message, StringComparison.Ordinal);

        var numberAsObject = Assert.Throws<InvalidCastException>(() => info.Get<string>("speed"));
        Assert.Contains("GetNumber", numberAsObject.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CopyTo_replaces_the_target_contents()
    {
        var source = new Info();
        source.Set("a", 1.0);
        source.Set("b", "x");
        var target = new Info();
        target.Set("stale", 5.0);

        source.CopyTo(target);

        Assert.False(target.ContainsKey("stale"));
        Assert.Equal(1.0, target.GetNumber("a"));
        Assert.Equal("x", target.Get<string>("b"));
    }

    [Fact]
    public void Enumeration_yields_every_entry()
    {
        var info = new Info();
        info.Set("a", 1.0);
        info.Set("b", "x");
        var entries = info.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(1.0, entries["a"]);
        Assert.Equal("x", entries["b"]);
    }

    [Fact]
    public void Clearing_and_setting_numbers_allocates_nothing_in_steady_state()
    {
        var info = new Info();
        Fill(info, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Fill(info, i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void Fill(Info info, int i)
        {
            info.Clear();
            info.Set("speed", i * 0.5);
            info.Set("lane_offset", -i);
            info.Set("progress", i / 1000.0);
        }
    }
}
