using System.Globalization;

namespace CarlaDrl.Carla.Settings;

/// <summary>
/// Value conversions with the C semantics UE4 uses when it reads CarlaSettings (spec §9): <c>atoi</c>/<c>atof</c>
/// read the longest numeric prefix and give 0 when there is none; booleans accept true/false, yes/no, on/off
/// (any case) or a number (non-zero is true).
/// </summary>
public static class IniValues
{
    /// <summary>C <c>atoi</c>: leading spaces, a sign, digits; stops at the first other character; 0 when none; saturates.</summary>
    public static int Atoi(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        int i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        bool negative = false;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            negative = text[i] == '-';
            i++;
        }

        long value = 0;
        for (; i < text.Length && text[i] is >= '0' and <= '9'; i++)
        {
            value = Math.Min((value * 10) + (text[i] - '0'), 1L << 32);
        }

        value = negative ? -value : value;
        return (int)Math.Clamp(value, int.MinValue, int.MaxValue);
    }

    /// <summary>C <c>atof</c>: the longest prefix that is a decimal number (with optional exponent), inf or nan; 0 when none.</summary>
    public static double Atof(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        int start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        int i = start;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            i++;
        }

        string rest = text[i..];
        if (rest.StartsWith("inf", StringComparison.OrdinalIgnoreCase))
        {
            return text[start] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (rest.StartsWith("nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        int digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return 0;
        }

        int mantissaEnd = i;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            int j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-'))
            {
                j++;
            }

            int expDigits = 0;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
                expDigits++;
            }

            if (expDigits > 0)
            {
                mantissaEnd = j;
            }
        }

        return double.Parse(text.AsSpan(start, mantissaEnd - start), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>UE4's <c>FCString::ToBool</c>: true/yes/on, false/no/off (any case), otherwise a number that is not 0.</summary>
    public static bool ToBool(string? text)
    {
        string value = (text ?? "").Trim();
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("yes", StringComparison.OrdinalIgnoreCase) || value.Equals("on", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (value.Equals("false", StringComparison.OrdinalIgnoreCase) || value.Equals("no", StringComparison.OrdinalIgnoreCase) || value.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return Atoi(value) != 0;
    }

    /// <summary>Python's <c>str(float)</c> of a single-precision value: the shortest text that reads back, always with a point or exponent ("2.0", "-15.0", "1.4", "1e-05").</summary>
    public static string PythonFloat(float value)
    {
        if (float.IsNaN(value))
        {
            return "nan";
        }

        if (float.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        double magnitude = Math.Abs((double)value);
        if (magnitude != 0 && (magnitude >= 1e16 || magnitude < 1e-4))
        {
            string e = value.ToString("E8", CultureInfo.InvariantCulture);
            string shortest = value.ToString("R", CultureInfo.InvariantCulture);
            int ePos = shortest.IndexOfAny(['E', 'e']);
            string mantissa = ePos >= 0 ? shortest[..ePos] : e[..e.IndexOf('E', StringComparison.Ordinal)].TrimEnd('0').TrimEnd('.');
            int exponent = int.Parse(ePos >= 0 ? shortest[(ePos + 1)..] : e[(e.IndexOf('E', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
            return $"{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }
}
