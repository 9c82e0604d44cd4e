namespace CarlaDrl.Learning.Networks;

/// <summary>One unpadded Conv2d of the image encoder: output channels, square kernel and stride, in pixels.</summary>
public sealed record ConvLayer(int OutChannels, int Kernel, int Stride);
