namespace CarlaDrl.Simulator.Rendering;

/// <summary>
/// The largest depth in each 8×8 tile of a depth buffer, recomputed lazily for tiles written since: a box whose
/// nearest point lies behind every tile it covers is hidden and need not be drawn (hierarchical-z occlusion culling).
/// </summary>
internal sealed class DepthTiles
{
    private const int Size = 8;

    private readonly int _w;
    private readonly int _h;
    private readonly int _tilesX;
    private readonly float[] _depth;
    private readonly float[] _max;
    private readonly bool[] _dirty;

    public DepthTiles(int width, int height, float[] depth)
    {
        _w = width;
        _h = height;
        _depth = depth;
        _tilesX = (width + Size - 1) / Size;
        int tilesY = (height + Size - 1) / Size;
        _max = new float[_tilesX * tilesY];
        _dirty = new bool[_tilesX * tilesY];
    }

    public void MarkAllDirty() => Array.Fill(_dirty, true);

    /// <summary>Marks the tiles of a written span of row <paramref name="y"/>.</summary>
    public void MarkSpan(int y, int x0, int x1)
    {
        int row = (y / Size) * _tilesX;
        for (int t = x0 / Size; t <= x1 / Size; t++)
        {
            _dirty[row + t] = true;
        }
    }

    /// <summary>Whether every pixel of the rectangle is already nearer than <paramref name="depth"/> (tile granularity).</summary>
    public bool AllNearer(int x0, int y0, int x1, int y1, float depth)
    {
        for (int ty = y0 / Size; ty <= y1 / Size; ty++)
        {
            for (int tx = x0 / Size; tx <= x1 / Size; tx++)
            {
                int t = (ty * _tilesX) + tx;
                if (_dirty[t])
                {
                    _max[t] = Recompute(tx, ty);
                    _dirty[t] = false;
                }

                if (_max[t] > depth)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private float Recompute(int tx, int ty)
    {
        float max = 0;
        int xEnd = Math.Min(_w, (tx + 1) * Size), yEnd = Math.Min(_h, (ty + 1) * Size);
        for (int y = ty * Size; y < yEnd; y++)
        {
            int row = y * _w;
            for (int x = tx * Size; x < xEnd; x++)
            {
                max = Math.Max(max, _depth[row + x]);
            }
        }

        return max;
    }
}
