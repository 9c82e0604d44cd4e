namespace CarlaDrl.Learning.Metrics;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) and TFRecord's masked form
/// (<c>((crc &gt;&gt; 15) | (crc &lt;&lt; 17)) + 0xa282ead8</c>, tensorflow/core/lib/hash/crc32c.h).
/// </summary>
public static class Crc32C
{
    private const uint MaskDelta = 0xa282ead8;
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    public static uint Masked(ReadOnlySpan<byte> data)
    {
        uint crc = Compute(data);
        return unchecked(((crc >> 15) | (crc << 17)) + MaskDelta);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0x82F63B78 ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
