using ScottPlot;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// A ScottPlot multiplot layout: the first plot spans the top <see cref="HeaderHeight"/> pixels (the figure's title and
/// legend), the others fill a grid of <see cref="Columns"/> columns below it, row by row. ScottPlot 5.1.59's own
/// layouts give every cell the same size, which would make the header as tall as a panel.
/// </summary>
internal sealed class HeaderGridLayout(float headerHeight, int columns) : IMultiplotLayout
{
    public float HeaderHeight { get; } = headerHeight;

    public int Columns { get; } = columns;

    public PixelRect[] GetSubplotRectangles(SubplotCollection subplots, PixelRect figureRect)
    {
        ArgumentNullException.ThrowIfNull(subplots);
        int panels = subplots.Count - 1;
        var rectangles = new PixelRect[subplots.Count];
        float header = Math.Min(HeaderHeight, figureRect.Height);
        rectangles[0] = new PixelRect(figureRect.Left, figureRect.Right, figureRect.Top + header, figureRect.Top);
        if (panels <= 0)
        {
            return rectangles;
        }

        int columns = Math.Min(Columns, panels);
        int rows = (panels + columns - 1) / columns;
        float width = figureRect.Width / columns, height = (figureRect.Height - header) / rows;
        for (int i = 0; i < panels; i++)
        {
            float left = figureRect.Left + (i % columns * width), top = figureRect.Top + header + (i / columns * height);
            rectangles[i + 1] = new PixelRect(left, left + width, top + height, top);
        }

        return rectangles;
    }
}
