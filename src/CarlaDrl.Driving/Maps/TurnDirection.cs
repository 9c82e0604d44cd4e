namespace CarlaDrl.Driving.Maps;

/// <summary>Which way a junction connector turns; road lanes have <see cref="None"/>.</summary>
public enum TurnDirection
{
    None,
    Straight,
    Left,
    Right,
}
